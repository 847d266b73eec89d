namespace Meeting.Testing.Processes;

/// <summary>How a command ended: its exit code and what it printed (stdout and stderr interleaved).</summary>
public sealed record CommandResult(string Command, int ExitCode, string Output)
{
    public override string ToString() => $"$ {Command}\n(exit {ExitCode})\n{Output}";
}
