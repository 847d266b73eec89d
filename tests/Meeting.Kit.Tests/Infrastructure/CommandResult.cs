namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>How a command ended: its exit code and what it printed (stdout and stderr interleaved).</summary>
internal sealed record CommandResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"$ {Command}\n(exit {ExitCode})\n{Output}";
}
