using System.Globalization;
using System.Text.Json;

namespace Meeting.Server.Tests.Hubs;

/// <summary>Reads event ids the way a client does: <c>"{ms}-{seq}"</c>, compared by the first number, then the second.</summary>
internal static class RoomEventJson
{
    public static string EventId(JsonElement message) => message.GetProperty("eventId").GetString()!;

    public static string LastEventId(JsonElement join) => join.GetProperty("lastEventId").GetString()!;

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

    public static JsonElement[] Events(JsonElement replay) => replay.GetProperty("events").EnumerateArray().ToArray();

    public static bool Truncated(JsonElement replay) => replay.GetProperty("truncated").GetBoolean();

    public static bool HasPeer(JsonElement message, string peerId) => message.GetProperty("peerId").GetString() == peerId;
}
