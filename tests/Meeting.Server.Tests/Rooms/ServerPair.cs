namespace Meeting.Server.Tests.Rooms;

/// <summary>Where a room's host connects and where its guests do: one server on a single node, the two
/// sites sharing Redis otherwise.</summary>
public sealed class ServerPair : IAsyncDisposable
{
    private readonly bool _owned;

    public ServerPair(MeetingServerFactory host, MeetingServerFactory guest, bool owned)
    {
        Host = host;
        Guest = guest;
        _owned = owned;
    }

    public MeetingServerFactory Host { get; }

    public MeetingServerFactory Guest { get; }

    public async ValueTask DisposeAsync()
    {
        if (!_owned)
        {
            return;
        }

        await Host.DisposeAsync();
        if (!ReferenceEquals(Host, Guest))
        {
            await Guest.DisposeAsync();
        }
    }
}
