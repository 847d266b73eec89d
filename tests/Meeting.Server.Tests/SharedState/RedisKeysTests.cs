using System.Reflection;
using System.Text.RegularExpressions;
using Meeting.Redis.Commands;
using Meeting.Server.Domain;
using Meeting.Server.SharedState;

namespace Meeting.Server.Tests.SharedState;

public sealed class RedisKeysTests
{
    [Fact]
    public void ARoomsKeys_ShareTheRoomsHashTag()
    {
        var keys = new RedisKeys("meeting");
        Assert.True(RoomId.TryParse("standup-7", out var room));

        Assert.Equal("meeting:room:{standup-7}", keys.Room(room));
        Assert.Equal("meeting:room:{standup-7}:home", keys.RoomHome(room));
        Assert.Equal("meeting:room:{standup-7}:epoch", keys.RoomEpoch(room));
        Assert.Equal("meeting:room:{standup-7}:events", keys.RoomEvents(room));
        Assert.All(new[] { keys.Room(room), keys.RoomHome(room), keys.RoomEpoch(room), keys.RoomEvents(room) }, key => Assert.Equal("standup-7", HashTag(key)));
    }

    [Fact]
    public void NoScript_BuildsAKeyName()
    {
        var scripts = typeof(RosterScripts).GetProperties().Select(p => p.GetValue(new RosterScripts())).OfType<RedisScript>()
            .Concat(typeof(RoomEventScripts).GetProperties().Select(p => p.GetValue(new RoomEventScripts())).OfType<RedisScript>())
            .Concat(typeof(RedisRoomHomes).GetFields(BindingFlags.NonPublic | BindingFlags.Static).Select(f => f.GetValue(null)).OfType<RedisScript>())
            .ToArray();

        Assert.True(scripts.Length >= 12);
        foreach (var script in scripts)
        {
            // Every key a redis.call names must be one of KEYS; a string joined with '..' next to a ':' would be a built key.
            Assert.DoesNotMatch(new Regex(@"\.\.\s*'[^']*:|:[^']*'\s*\.\."), script.Source);
        }
    }

    private static string HashTag(string key)
    {
        var open = key.IndexOf('{', StringComparison.Ordinal);
        var close = key.IndexOf('}', open + 1);
        return key[(open + 1)..close];
    }
}
