using Meeting.Server.Domain;

namespace Meeting.Server.SharedState;

/// <summary>
/// The one place that names Redis keys. With the default prefix <c>meeting</c>:
/// <list type="table">
/// <item><term><c>meeting:session:{sessionId}</c></term><description>string, a session as JSON; expires with the session</description></item>
/// <item><term><c>meeting:room:{roomId}</c></term><description>hash, peerId → member JSON; expires <c>RoomTtl</c> after its last change</description></item>
/// <item><term><c>meeting:room:{roomId}:home</c></term><description>string <c>serverId|site|epoch</c>, the room's home, under a lease of <c>HomeLease</c></description></item>
/// <item><term><c>meeting:room:{roomId}:epoch</c></term><description>integer, the fencing epoch: how many homes the room has had; expires like the room</description></item>
/// <item><term><c>meeting:room:{roomId}:events</c></term><description>stream, the room's chat and roster events for peers catching up (ids <c>ms-seq</c>, each entry's <c>prev</c> the id before it); <c>XADD MAXLEN ~</c> the log's length, expires <c>RoomTtl</c> after its last event</description></item>
/// <item><term><c>meeting:counts</c></term><description>hash, <c>rooms</c> and <c>peers</c>: the roster's size, kept by the scripts that change it so counting reads two fields</description></item>
/// <item><term><c>meeting:away</c></term><description>sorted set of places inside their reconnect grace, scored by when they went away</description></item>
/// <item><term><c>meeting:servers</c></term><description>hash, serverId → last heartbeat (Unix ms)</description></item>
/// <item><term><c>meeting:server:{serverId}:members</c></term><description>set of the places whose connection lives on that server</description></item>
/// <item><term><c>meeting:dataprotection:keys</c></term><description>list of the Data Protection key ring's XML elements</description></item>
/// </list>
/// A place is written <c>{roomId}\n{peerId}\n{connectionId}</c>; none of the three can contain a newline.
/// </summary>
internal sealed class RedisKeys
{
    public RedisKeys(string prefix)
    {
        Prefix = prefix;
        Counts = prefix + ":counts";
        Away = prefix + ":away";
        Servers = prefix + ":servers";
        DataProtectionKeys = prefix + ":dataprotection:keys";
    }

    public string Prefix { get; }

    public string Counts { get; }

    public string Away { get; }

    public string Servers { get; }

    public string DataProtectionKeys { get; }

    public string Session(SessionId id) => Prefix + ":session:" + id.Value;

    public string Room(RoomId room) => Prefix + ":room:" + room.Value;

    public string RoomHome(RoomId room) => Prefix + ":room:" + room.Value + ":home";

    public string RoomEpoch(RoomId room) => Prefix + ":room:" + room.Value + ":epoch";

    public string RoomEvents(RoomId room) => Prefix + ":room:" + room.Value + ":events";

    public string ServerMembers(string serverId) => Prefix + ":server:" + serverId + ":members";
}
