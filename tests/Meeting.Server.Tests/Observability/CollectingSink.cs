using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Meeting.Server.Tests.Observability;

/// <summary>A Serilog sink that keeps every event, registered in a test server's container, which the
/// server's pipeline reads its sinks from.</summary>
internal sealed class CollectingSink : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyList<LogEvent> Events => [.. _events];

    public void Emit(LogEvent logEvent) => _events.Enqueue(logEvent);
}
