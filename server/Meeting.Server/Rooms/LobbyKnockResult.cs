namespace Meeting.Server.Rooms;

/// <summary>What knocking on a locked room did: only a peer new to the lobby is announced to the host, so a
/// peer that keeps calling <c>Join</c> while it waits does not flood the host with knocks.</summary>
public enum LobbyKnockResult
{
    Full,
    Waiting,
    AlreadyWaiting,
}
