using System.Globalization;
using Meeting.Server.Hubs;

namespace Meeting.Server.Tests.Hubs;

/// <summary>Reads event ids the way a client does: <c>"{ms}-{seq}"</c>, compared by the first number, then the second.</summary>
internal static class RoomEventJson
{
    public static string EventId(PeerJoinedMessage message) => message.EventId!;

    public static string EventId(PeerRef message) => message.EventId!;

    public static string EventId(ChatMessage message) => message.EventId!;

    public static string EventId(ReplayedEvent message) => message.EventId;

    public static string LastEventId(JoinResponse join) => join.LastEventId!;

    public static (ulong Milliseconds, ulong Sequence) Parse(string eventId)
    {
        var parts = eventId.Split('-');
        Assert.Equal(2, parts.Length);
        return (ulong.Parse(parts[0], CultureInfo.InvariantCulture), ulong.Parse(parts[1], CultureInfo.InvariantCulture));
    }

    public static void AssertIncreasing(IEnumerable<string> eventIds)
    {
        var ids = eventIds.Select(Parse).ToArray();
        for (var i = 1; i < ids.Length; i++)
        {
            Assert.True(ids[i].CompareTo(ids[i - 1]) > 0, $"event id #{i} ({ids[i]}) does not follow #{i - 1} ({ids[i - 1]})");
        }
    }

    public static ReplayedEvent[] Events(ReplayResponse replay) => [.. replay.Events];

    public static bool Truncated(ReplayResponse replay) => replay.Truncated;

    public static bool HasPeer(PeerJoinedMessage message, string peerId) => message.PeerId == peerId;

    public static bool HasPeer(PeerRef message, string peerId) => message.PeerId == peerId;
}
