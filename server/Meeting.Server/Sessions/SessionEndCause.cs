namespace Meeting.Server.Sessions;

/// <summary>Why the server closed a session's connections.</summary>
internal enum SessionEndCause
{
    Revoked,
    Expired,
}
