namespace Meeting.Backplane.Bench.Hosting;

/// <summary>Where the server this bench starts was built: the same configuration as the bench, next to the repository's sources.</summary>
internal sealed record ServerBuild(string Dll, string ContentRoot, string RepositoryRoot, string Configuration)
{
#if DEBUG
    public const string BenchConfiguration = "Debug";
#else
    public const string BenchConfiguration = "Release";
#endif

    /// <summary>Finds <c>server/Meeting.Server/bin/{configuration}/net10.0/Meeting.Server.dll</c> above the bench's own folder.</summary>
    /// <exception cref="InvalidOperationException">The repository or the built server is not there.</exception>
    public static ServerBuild Locate()
    {
        var root = FindRepositoryRoot(AppContext.BaseDirectory) ?? FindRepositoryRoot(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("Could not find Meeting.sln above the bench's folder or the current directory.");
        var contentRoot = Path.Combine(root, "server", "Meeting.Server");
        var dll = Path.Combine(contentRoot, "bin", BenchConfiguration, "net10.0", "Meeting.Server.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"{dll} does not exist. Build it first: dotnet build -c {BenchConfiguration} server/Meeting.Server " +
                "(dotnet run -c Release --project tests/Meeting.Backplane.Bench builds it as a project reference).");
        }

        return new ServerBuild(dll, contentRoot, root, BenchConfiguration);
    }

    private static string? FindRepositoryRoot(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Meeting.sln")))
            {
                return directory.FullName;
            }
        }

        return null;
    }
}
