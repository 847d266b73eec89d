namespace Meeting.Testing.Processes;

/// <summary>Where <c>Meeting.Server.dll</c> was built: <c>server/Meeting.Server/bin/{configuration}/net10.0</c> in the
/// repository above the caller's folder.</summary>
public sealed record ServerBuild(string Dll, string ContentRoot, string RepositoryRoot, string Configuration)
{
    /// <exception cref="InvalidOperationException">The repository or the built server is not there.</exception>
    public static ServerBuild Locate(string configuration)
    {
        var root = FindRepositoryRoot(AppContext.BaseDirectory) ?? FindRepositoryRoot(Environment.CurrentDirectory)
            ?? throw new InvalidOperationException("Could not find Meeting.sln above " + AppContext.BaseDirectory + " or the current directory.");
        var contentRoot = Path.Combine(root, "server", "Meeting.Server");
        var dll = Path.Combine(contentRoot, "bin", configuration, "net10.0", "Meeting.Server.dll");
        return File.Exists(dll)
            ? new ServerBuild(dll, contentRoot, root, configuration)
            : throw new InvalidOperationException($"{dll} does not exist. Build it first: dotnet build -c {configuration} server/Meeting.Server");
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
