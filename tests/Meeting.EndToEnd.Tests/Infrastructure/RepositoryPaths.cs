namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>Where the checkout's files are, found from the test assembly's folder.</summary>
internal static class RepositoryPaths
{
    private const string SolutionFile = "Meeting.sln";

    public static string Root { get; } = FindRoot();

    /// <summary>The server's npm dependencies, restored by its build (Client.targets).</summary>
    public static string ServerNodeModules => Path.Combine(Root, "server", "Meeting.Server", "node_modules");

    public static string NodeScripts => Path.Combine(Root, "tests", "Meeting.EndToEnd.Tests", "node");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} above {AppContext.BaseDirectory}; run the tests from the checkout.");
    }
}
