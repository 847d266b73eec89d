using System.Text.RegularExpressions;
using Meeting.Redis.Commands;
using Meeting.Server.Domain;
using Meeting.Server.SharedState;

namespace Meeting.Server.Tests.Rooms;

public sealed class RoomAccessKeysTests
{
    [Fact]
    public void ARoomsAccessKeys_ShareTheRoomsHashTag()
    {
        var keys = new RedisKeys("meeting");
        Assert.True(RoomId.TryParse("standup-7", out var room));

        Assert.Equal("meeting:room:{standup-7}:access", keys.RoomAccess(room));
        Assert.Equal("meeting:room:{standup-7}:arrivals", keys.RoomArrivals(room));
        Assert.Equal("meeting:room:{standup-7}:lobby", keys.RoomLobby(room));
        Assert.Equal("meeting:room:{standup-7}:admitted", keys.RoomAdmitted(room));
        Assert.Equal("meeting:room:{standup-7}:denied", keys.RoomDenied(room));
    }

    [Fact]
    public void AccessScripts_NameEveryKeyThroughKEYS()
    {
        var scripts = typeof(RoomAccessScripts).GetProperties().Select(p => p.GetValue(new RoomAccessScripts())).OfType<RedisScript>().ToArray();

        Assert.Equal(9, scripts.Length);
        foreach (var script in scripts)
        {
            // The first argument of every redis.call is a command, the second a key: always KEYS[n].
            foreach (Match call in Regex.Matches(script.Source, @"redis\.call\('(\w+)',\s*([^,)]+)"))
            {
                Assert.Matches(@"^KEYS\[(\d|i)\]$", call.Groups[2].Value);
            }

            Assert.DoesNotMatch(new Regex(@"\.\.\s*'[^']*:|:[^']*'\s*\.\."), script.Source);
        }
    }
}
