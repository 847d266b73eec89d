using Meeting.Server.Domain;

namespace Meeting.Server.Sessions;

/// <summary>Tells the other servers that a session was revoked, so that they close its connections too.</summary>
internal interface ISessionRevocationBus
{
    /// <summary>Completes once the message is sent; throws <see cref="StoreUnavailableException"/> when it cannot be.</summary>
    Task PublishAsync(SessionId id, DateTimeOffset expiresAt, CancellationToken cancellationToken = default);
}
