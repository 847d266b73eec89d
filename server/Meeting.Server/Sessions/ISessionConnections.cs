using Meeting.Server.Domain;

namespace Meeting.Server.Sessions;

/// <summary>The hub connections this server holds, seen by session: what a revocation must close.
/// Implemented by the hub, so that sessions need not know about SignalR.</summary>
internal interface ISessionConnections
{
    /// <summary>Closes every connection of <paramref name="id"/> on this server; returns how many.</summary>
    int CloseSession(SessionId id, SessionEndCause cause);

    /// <summary>A moment's copy of the sessions with at least one open connection here, as their connections
    /// know them (id, peer, expiry; <see cref="Session.CreatedAt"/> is not known there and is the time of the call).</summary>
    IReadOnlyCollection<Session> OpenSessions();
}
