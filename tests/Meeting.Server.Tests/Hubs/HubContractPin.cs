using System.Text.Json;
using Meeting.Server.Hubs;
using Meeting.Server.Media;
using Meeting.Testing.Hub;

namespace Meeting.Server.Tests.Hubs;

/// <summary>
/// Compiled, never run: ties <see cref="HubMethods"/>, the signatures <see cref="MeetingHubClient"/> calls and its event queues to
/// <see cref="MeetingHub"/> (internal to the server and visible only here) and <see cref="IMeetingClient"/>. A renamed hub method makes a
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
    private const byte CreateRoom = HubMethods.CreateRoom == nameof(MeetingHub.CreateRoom) ? 0 : -1;
    private const byte JoinWithInvite = HubMethods.JoinWithInvite == nameof(MeetingHub.JoinWithInvite) ? 0 : -1;
    private const byte SetRoomLocked = HubMethods.SetRoomLocked == nameof(MeetingHub.SetRoomLocked) ? 0 : -1;
    private const byte Admit = HubMethods.Admit == nameof(MeetingHub.Admit) ? 0 : -1;
    private const byte Refuse = HubMethods.Refuse == nameof(MeetingHub.Refuse) ? 0 : -1;
    private const byte RemovePeer = HubMethods.RemovePeer == nameof(MeetingHub.RemovePeer) ? 0 : -1;
    private const byte CreateInvite = HubMethods.CreateInvite == nameof(MeetingHub.CreateInvite) ? 0 : -1;
    private const byte GetRoomAccess = HubMethods.GetRoomAccess == nameof(MeetingHub.GetRoomAccess) ? 0 : -1;

    /// <summary>The checks above, summed so none is unused.</summary>
    internal const int Names = Join + Leave + Signal + Chat + Replay + MediaJoin + MediaAnswer + SetMuted + MediaLeave
        + CreateRoom + JoinWithInvite + SetRoomLocked + Admit + Refuse + RemovePeer + CreateInvite + GetRoomAccess;

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
        (Func<string, string, Task<JoinResponse>>)hub.CreateRoom,
        (Func<string, string, string, Task<JoinResponse>>)hub.JoinWithInvite,
        (Func<bool, Task>)hub.SetRoomLocked,
        (Func<string, Task>)hub.Admit,
        (Func<string, Task>)hub.Refuse,
        (Func<string, Task>)hub.RemovePeer,
        (Func<Task<InviteResponse>>)hub.CreateInvite,
        (Func<Task<RoomAccessResponse>>)hub.GetRoomAccess,
    ];

    /// <summary>Each event queue's message type against the parameter of the <see cref="IMeetingClient"/> method
    /// it listens to: a changed message type fails the conversion in <see cref="Event"/>.</summary>
    internal static Delegate[] Events(IMeetingClient hub, MeetingHubClient client) =>
    [
        Event(hub.PeerJoined, client.PeerJoined),
        Event(hub.PeerLeft, client.PeerLeft),
        Event(hub.PeerReconnected, client.PeerReconnected),
        Event(hub.Signal, client.Signal),
        Event(hub.Chat, client.Chat),
        Event(hub.RoomHomeChanged, client.RoomHomeChanged),
        Event(hub.MediaOffer, client.MediaOffer),
        Event(hub.MediaClosed, client.MediaClosed),
        Event(hub.PeerMuted, client.PeerMuted),
        Event(hub.LobbyKnock, client.LobbyKnock),
        Event(hub.LobbyAdmitted, client.LobbyAdmitted),
        Event(hub.LobbyRefused, client.LobbyRefused),
        Event(hub.RemovedFromRoom, client.RemovedFromRoom),
        Event(hub.RoomLocked, client.RoomLocked),
        Event(hub.HostChanged, client.HostChanged),
    ];

    private static Delegate Event<T>(Func<T, Task> method, HubEventQueue<T> queue) => method;
}
