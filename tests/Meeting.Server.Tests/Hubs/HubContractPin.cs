using System.Text.Json;
using Meeting.Server.Hubs;
using Meeting.Server.Media;
using Meeting.Testing.Hub;

namespace Meeting.Server.Tests.Hubs;

/// <summary>
/// Compiled, never run: ties <see cref="HubMethods"/> and the signatures <see cref="MeetingHubClient"/> calls to
/// <see cref="MeetingHub"/>, which is internal to the server and visible only here. A renamed hub method makes a
/// constant below out of range (CS0031) and a changed parameter or result type fails a method-group conversion,
/// so either breaks the build instead of a test run.
/// </summary>
internal static class HubContractPin
{
    private const byte Join = HubMethods.Join == nameof(MeetingHub.Join) ? 0 : -1;
    private const byte Leave = HubMethods.Leave == nameof(MeetingHub.Leave) ? 0 : -1;
    private const byte Signal = HubMethods.Signal == nameof(MeetingHub.Signal) ? 0 : -1;
    private const byte Chat = HubMethods.Chat == nameof(MeetingHub.Chat) ? 0 : -1;
    private const byte Replay = HubMethods.Replay == nameof(MeetingHub.Replay) ? 0 : -1;
    private const byte MediaJoin = HubMethods.MediaJoin == nameof(MeetingHub.MediaJoin) ? 0 : -1;
    private const byte MediaAnswer = HubMethods.MediaAnswer == nameof(MeetingHub.MediaAnswer) ? 0 : -1;
    private const byte SetMuted = HubMethods.SetMuted == nameof(MeetingHub.SetMuted) ? 0 : -1;
    private const byte MediaLeave = HubMethods.MediaLeave == nameof(MeetingHub.MediaLeave) ? 0 : -1;

    /// <summary>The checks above, summed so none is unused.</summary>
    internal const int Names = Join + Leave + Signal + Chat + Replay + MediaJoin + MediaAnswer + SetMuted + MediaLeave;

    internal static Delegate[] Signatures(MeetingHub hub) =>
    [
        (Func<string, string, Task<JoinResponse>>)hub.Join,
        (Func<Task>)hub.Leave,
        (Func<string, JsonElement, Task>)hub.Signal,
        (Func<string, Task>)hub.Chat,
        (Func<string, Task<ReplayResponse>>)hub.Replay,
        (Func<Task<MediaJoinResponse>>)hub.MediaJoin,
        (Func<string, string, int, Task>)hub.MediaAnswer,
        (Func<string, bool, Task>)hub.SetMuted,
        (Func<Task>)hub.MediaLeave,
    ];
}
