using System.Reflection;
using Meeting.Server.Hubs;

namespace Meeting.Server.Tests.Hubs;

/// <summary>The README's "Hub contract" section names every method, event and error code the code has.</summary>
public sealed class HubContractDocumentationTests
{
    private static readonly Lazy<string> Contract = new(ReadContract);

    public static TheoryData<string> Methods()
        => [.. typeof(MeetingHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(MeetingHub.OnConnectedAsync) or nameof(MeetingHub.OnDisconnectedAsync)))
            .Select(m => m.Name)];

    public static TheoryData<string> Events() => [.. typeof(IMeetingClient).GetMethods().Select(m => m.Name)];

    public static TheoryData<string> Codes()
        => [.. typeof(MeetingErrorCodes).GetFields(BindingFlags.Public | BindingFlags.Static).Select(f => (string)f.GetValue(null)!)];

    [Theory]
    [MemberData(nameof(Methods))]
    public void EveryHubMethod_IsDocumented(string method) => Assert.Contains("| `" + method + "(", Contract.Value);

    [Theory]
    [MemberData(nameof(Events))]
    public void EveryServerEvent_IsDocumented(string name) => Assert.Contains("| `" + name + "` |", Contract.Value);

    [Theory]
    [MemberData(nameof(Codes))]
    public void EveryErrorCode_IsDocumented(string code) => Assert.Contains("| `" + code + "` |", Contract.Value);

    private static string ReadContract()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Meeting.sln")))
        {
            directory = directory.Parent;
        }

        var readme = File.ReadAllText(Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Meeting.sln not found above the test's directory."), "README.md"));
        var start = readme.IndexOf("## Hub contract", StringComparison.Ordinal);
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        return readme[start..end];
    }
}
