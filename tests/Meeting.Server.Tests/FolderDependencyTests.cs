using System.Text.RegularExpressions;

namespace Meeting.Server.Tests;

/// <summary>The server's folders import each other in one direction only: a cycle (Hubs ↔ Media, Security ↔ Hubs
/// were two) means two folders can no longer be read, changed or tested apart.</summary>
public sealed partial class FolderDependencyTests
{
    [Fact]
    public void ServerFolders_ImportEachOther_WithoutACycle()
    {
        var imports = ReadImports();
        var cycles = new List<string>();
        foreach (var (folder, targets) in imports)
        {
            foreach (var target in targets)
            {
                if (PathBetween(imports, target, folder) is { } back)
                {
                    cycles.Add($"{folder} -> {string.Join(" -> ", back)}");
                }
            }
        }

        Assert.True(imports.Count >= 8, "expected the server's folders, found " + string.Join(", ", imports.Keys));
        Assert.True(cycles.Count == 0, "folder import cycles: " + string.Join("; ", cycles));
    }

    private static Dictionary<string, HashSet<string>> ReadImports()
    {
        var server = Path.Combine(RepositoryRoot(), "server", "Meeting.Server");
        var imports = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var directory in Directory.GetDirectories(server))
        {
            var folder = Path.GetFileName(directory);
            if (folder is "bin" or "obj" or "wwwroot" or "Properties" or "node_modules")
            {
                continue;
            }

            var targets = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories))
            {
                foreach (Match match in ServerImport().Matches(File.ReadAllText(file)))
                {
                    if (match.Groups["folder"].Value != folder)
                    {
                        targets.Add(match.Groups["folder"].Value);
                    }
                }
            }

            imports[folder] = targets;
        }

        return imports;
    }

    /// <summary>A path of imports from <paramref name="from"/> to <paramref name="to"/>, or null.</summary>
    private static List<string>? PathBetween(Dictionary<string, HashSet<string>> imports, string from, string to)
    {
        var previous = new Dictionary<string, string?>(StringComparer.Ordinal) { [from] = null };
        var queue = new Queue<string>([from]);
        while (queue.TryDequeue(out var folder))
        {
            if (folder == to)
            {
                var path = new List<string>();
                for (string? at = folder; at is not null; at = previous[at])
                {
                    path.Insert(0, at);
                }

                return path;
            }

            foreach (var next in imports.GetValueOrDefault(folder) ?? [])
            {
                if (previous.TryAdd(next, folder))
                {
                    queue.Enqueue(next);
                }
            }
        }

        return null;
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Meeting.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Meeting.sln not found above the test's directory.");
    }

    [GeneratedRegex(@"^using Meeting\.Server\.(?<folder>\w+);", RegexOptions.Multiline)]
    private static partial Regex ServerImport();
}
