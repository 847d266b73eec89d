namespace Meeting.Server.Hubs;

/// <summary>Which hub method a join came through, which decides how it may create or enter a room.</summary>
internal enum JoinIntent
{
    /// <summary><c>Join</c>: creates the room only where open rooms are allowed; waits in the lobby of a locked one.</summary>
    Plain,

    /// <summary><c>JoinWithInvite</c>: like a plain join, but a valid invite for the room passes its lobby.</summary>
    Invite,

    /// <summary><c>CreateRoom</c>: the room must not exist; the caller hosts it.</summary>
    Create,
}
