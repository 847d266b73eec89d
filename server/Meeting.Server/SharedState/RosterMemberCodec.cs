using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Meeting.Server.Domain;
using Meeting.Server.Rooms;

namespace Meeting.Server.SharedState;

/// <summary>How a <see cref="RoomMember"/> is stored in a room's hash (the format the roster scripts read).</summary>
internal static class RosterMemberCodec
{
    public static string Encode(RoomMember member, string serverId)
        => JsonSerializer.Serialize(new StoredMember(
            member.DisplayName,
            member.ConnectionId,
            serverId,
            member.AwaySince is { } since ? since.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) : "0"));

    public static RoomMember Decode(string peerId, string json)
    {
        var stored = JsonSerializer.Deserialize<StoredMember>(json) ?? throw new InvalidDataException("An empty roster member.");
        DateTimeOffset? away = stored.AwaySince is null or "0"
            ? null
            : DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(stored.AwaySince, CultureInfo.InvariantCulture));
        return new RoomMember(new PeerId(peerId), stored.Name, stored.ConnectionId, away);
    }

    private sealed record StoredMember(
        [property: JsonPropertyName("n")] string Name,
        [property: JsonPropertyName("c")] string ConnectionId,
        [property: JsonPropertyName("s")] string ServerId,
        [property: JsonPropertyName("a")] string? AwaySince);
}
