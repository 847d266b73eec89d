namespace Meeting.Server.Tests.Rooms;

/// <summary>Room access on a single node: host and guests on one server, the store in memory.</summary>
public sealed class InMemoryRoomAccessTests : RoomAccessSpecification, IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public InMemoryRoomAccessTests(MeetingServerFactory server) => _server = server;

    protected override ServerPair Servers => new(_server, _server, owned: false);

    protected override ServerPair NewServers(params (string Key, string Value)[] settings)
    {
        var server = new MeetingServerFactory();
        foreach (var (key, value) in settings)
        {
            server.With(key, value);
        }

        return new ServerPair(server, server, owned: true);
    }
}
