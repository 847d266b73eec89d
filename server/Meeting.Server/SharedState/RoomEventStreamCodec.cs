using System.Globalization;
using Meeting.Redis;
using Meeting.Redis.Commands;
using Meeting.Server.Domain;
using Meeting.Server.Rooms;

namespace Meeting.Server.SharedState;

/// <summary>
/// How a <see cref="RoomEvent"/> is stored as a stream entry: fields <c>type</c> (the event's wire name),
/// <c>peer</c>, <c>at</c> (Unix ms), and <c>name</c> and <c>text</c> when the event has them; plus <c>prev</c>,
/// written by <see cref="RoomEventScripts.Append"/>.
/// </summary>
internal static class RoomEventStreamCodec
{
    public const string Previous = "prev";

    public static List<RedisArgument> Encode(RoomEvent roomEvent)
    {
        var fields = new List<RedisArgument>(10)
        {
            "type", roomEvent.Kind.ToString(),
            "peer", roomEvent.PeerId.Value,
            "at", roomEvent.At.ToUnixTimeMilliseconds(),
        };
        if (roomEvent.DisplayName is { } name)
        {
            fields.Add("name");
            fields.Add(name);
        }

        if (roomEvent.Text is { } text)
        {
            fields.Add("text");
            fields.Add(text);
        }

        return fields;
    }

    /// <summary>Reads an entry; false for one this server does not understand (a newer server's kind of event),
    /// which a reader skips. <paramref name="previous"/> is the id before the entry, read even then.</summary>
    public static bool TryDecode(StreamEntry entry, out LoggedRoomEvent? logged, out RoomEventId previous)
    {
        logged = null;
        previous = RoomEventId.Zero;
        string? type = null, peer = null, at = null, name = null, text = null;
        foreach (var (field, value) in entry.Fields)
        {
            switch (field)
            {
                case Previous:
                    RoomEventId.TryParse(value, out previous);
                    break;
                case "type":
                    type = value;
                    break;
                case "peer":
                    peer = value;
                    break;
                case "at":
                    at = value;
                    break;
                case "name":
                    name = value;
                    break;
                case "text":
                    text = value;
                    break;
            }
        }

        if (!RoomEventId.TryParse(entry.Id, out var id)
            || !Enum.TryParse<RoomEventKind>(type, ignoreCase: false, out var kind)
            || !Enum.IsDefined(kind)
            || string.IsNullOrEmpty(peer)
            || !long.TryParse(at, NumberStyles.None, CultureInfo.InvariantCulture, out var atMs))
        {
            return false;
        }

        logged = new LoggedRoomEvent(id, new RoomEvent(kind, new PeerId(peer), name, text, DateTimeOffset.FromUnixTimeMilliseconds(atMs)));
        return true;
    }
}
