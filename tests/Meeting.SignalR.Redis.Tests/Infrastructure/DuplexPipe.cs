using System.IO.Pipelines;

namespace Meeting.SignalR.Redis.Tests.Infrastructure;

/// <summary>One end of an in-memory connection: what it reads and where it writes.</summary>
internal sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
