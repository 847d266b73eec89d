namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>Where the checkout's files are, found from the test assembly's folder.</summary>
internal static class RepositoryPaths
{
    private const string SolutionFile = "Meeting.sln";

    public static string Root { get; } = FindRoot();

    /// <summary>The kit script at the root of the checkout.</summary>
    public static string Kit => Path.Combine(Root, "kit");

    /// <summary>Where the kit keeps its data, logs and PID files.</summary>
    public static string KitState => Path.Combine(Root, ".kit");

    public static string Site(string site, params string[] parts) => Path.Combine([Root, "sites", site, .. parts]);

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
