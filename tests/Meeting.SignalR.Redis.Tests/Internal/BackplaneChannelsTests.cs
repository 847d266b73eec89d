using Meeting.SignalR.Redis.Internal;

namespace Meeting.SignalR.Redis.Tests.Internal;

public sealed class BackplaneChannelsTests
{
    [Fact]
    public void Channels_ArePrefixHubAndPurpose_WithNamesTakenAsTheyAre()
    {
        var channels = new BackplaneChannels("meeting", "Meeting.Server.Hubs.MeetingHub");

        Assert.Equal("meeting:Meeting.Server.Hubs.MeetingHub:all", channels.All);
        Assert.Equal("meeting:Meeting.Server.Hubs.MeetingHub:internal:groups", channels.GroupManagement);
        Assert.Equal("meeting:Meeting.Server.Hubs.MeetingHub:connection:abc", channels.Connection("abc"));
        Assert.Equal("meeting:Meeting.Server.Hubs.MeetingHub:group:room:a b", channels.Group("room:a b"));
        Assert.Equal("meeting:Meeting.Server.Hubs.MeetingHub:user:alice", channels.User("alice"));
        Assert.Equal("meeting:Meeting.Server.Hubs.MeetingHub:internal:ack:gra-1", channels.Ack("gra-1"));
    }
}
