using Meeting.Server.Domain;

namespace Meeting.Server.SharedState;

/// <summary>
/// The one place that names Redis keys; scripts get every key they touch through <c>KEYS</c> and never
/// build one. With the default prefix <c>meeting</c> (braces are literal, <c>&lt;…&gt;</c> is a value):
/// <list type="table">
/// <item><term><c>meeting:session:&lt;sessionId&gt;</c></term><description>string, a session as JSON; expires with the session</description></item>
/// <item><term><c>meeting:room:{&lt;roomId&gt;}</c></term><description>hash, peerId → member JSON; expires <c>RoomTtl</c> after its last change</description></item>
/// <item><term><c>meeting:room:{&lt;roomId&gt;}:home</c></term><description>string <c>serverId|site|epoch</c>, the room's home, under a lease of <c>HomeLease</c></description></item>
/// <item><term><c>meeting:room:{&lt;roomId&gt;}:epoch</c></term><description>integer, the fencing epoch: how many homes the room has had; expires like the room</description></item>
/// <item><term><c>meeting:room:{&lt;roomId&gt;}:events</c></term><description>stream, the room's chat and roster events for peers catching up (ids <c>ms-seq</c>, each entry's <c>prev</c> the id before it); <c>XADD MAXLEN ~</c> the log's length, expires <c>RoomTtl</c> after its last event</description></item>
/// <item><term><c>meeting:room:{&lt;roomId&gt;}:access</c></term><description>hash, <c>host</c> (peerId) and <c>locked</c> (<c>0</c>/<c>1</c>): who hosts the room and whether newcomers wait in its lobby</description></item>
/// <item><term><c>meeting:room:{&lt;roomId&gt;}:arrivals</c></term><description>sorted set, peerId scored by its arrival (Unix ms): the host's successor is the first</description></item>
/// <item><term><c>meeting:room:{&lt;roomId&gt;}:lobby</c></term><description>hash, peerId → <c>connectionId\ndisplayName</c> of the peers waiting at the locked room's door</description></item>
/// <item><term><c>meeting:room:{&lt;roomId&gt;}:admitted</c></term><description>set of the peers the host let in from the lobby</description></item>
/// <item><term><c>meeting:room:{&lt;roomId&gt;}:denied</c></term><description>hash, peerId → <c>refused</c> or <c>removed</c>: sessions that may not enter again. The five access keys expire like the room and are deleted with it</description></item>
/// <item><term><c>meeting:counts</c></term><description>hash, <c>rooms</c> and <c>peers</c>: the roster's size, kept by the scripts that change it so counting reads two fields</description></item>
/// <item><term><c>meeting:away</c></term><description>sorted set of places inside their reconnect grace, scored by when they went away</description></item>
/// <item><term><c>meeting:servers</c></term><description>hash, serverId → last heartbeat (Unix ms)</description></item>
/// <item><term><c>meeting:server:&lt;serverId&gt;:members</c></term><description>set of the places whose connection lives on that server</description></item>
/// <item><term><c>meeting:dataprotection:keys</c></term><description>list of the Data Protection key ring's XML elements</description></item>
/// </list>
/// A place is <see cref="RosterPlace"/>: <c>&lt;roomId&gt;\n&lt;peerId&gt;\n&lt;connectionId&gt;</c>.
/// <para>
/// The braces around a room's id are a Redis Cluster hash tag: all of a room's keys hash to one slot, so the
/// scripts that touch one room only (the home's claim, take-over, renewal and release; the event log's
/// append; marking a peer away) would run unchanged on a cluster. What holds today is one master behind
/// Sentinel, and the roster's other scripts rely on it: they also touch the global keys (<c>counts</c>,
/// <c>away</c>, <c>servers</c>, a server's members) in the same atomic step, which a cluster refuses as
/// cross-slot. Moving to a cluster would split those steps; the key names would not change.
/// </para>
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

    public string Room(RoomId room) => RoomTagged(room);

    public string RoomHome(RoomId room) => RoomTagged(room) + ":home";

    public string RoomEpoch(RoomId room) => RoomTagged(room) + ":epoch";

    public string RoomEvents(RoomId room) => RoomTagged(room) + ":events";

    public string RoomAccess(RoomId room) => RoomTagged(room) + ":access";

    public string RoomArrivals(RoomId room) => RoomTagged(room) + ":arrivals";

    public string RoomLobby(RoomId room) => RoomTagged(room) + ":lobby";

    public string RoomAdmitted(RoomId room) => RoomTagged(room) + ":admitted";

    public string RoomDenied(RoomId room) => RoomTagged(room) + ":denied";

    public string ServerMembers(string serverId) => Prefix + ":server:" + serverId + ":members";

    // A room id is [a-z0-9-] (RoomId), so it never holds a brace that would end the tag early.
    private string RoomTagged(RoomId room) => Prefix + ":room:{" + room.Value + "}";
}
