namespace Meeting.Testing.Processes;

/// <summary>How a <see cref="ServerProcess"/> starts: <c>dotnet {Dll} {Arguments}</c> in <see cref="WorkingDirectory"/>.</summary>
public sealed record ServerProcessOptions(string Dll, string WorkingDirectory, IReadOnlyList<string> Arguments)
{
    /// <summary>Where the server listens, when the arguments give a port; null when they ask for port 0, and the
    /// address is read from the server's "Now listening on:" line (Microsoft.Hosting.Lifetime must log at Information).</summary>
    public Uri? BaseUrl { get; init; }

    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; init; } = [];

    /// <summary>How long the server has to answer <c>/health/ready</c> with 200.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one <c>/health/ready</c> request may take before it is asked again; null for the HttpClient's own timeout.</summary>
    public TimeSpan? ReadyAttemptTimeout { get; init; }

    /// <summary>A warning the caller expects (counted in <see cref="ServerProcess.ExpectedWarnings"/>, not in <see cref="ServerProcess.Warnings"/>).</summary>
    public string? ExpectedWarning { get; init; }

    /// <summary>Kill the process's children too (a server started through a wrapper).</summary>
    public bool KillEntireTree { get; init; }

    /// <summary>How many of the last lines it printed are kept for a failure report.</summary>
    public int TailLines { get; init; } = 200;
}
