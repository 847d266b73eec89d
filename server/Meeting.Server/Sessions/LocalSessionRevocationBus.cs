using Meeting.Server.Domain;

namespace Meeting.Server.Sessions;

/// <summary>A single node has nobody to tell: <see cref="SessionRevocations"/> already closed its connections.</summary>
internal sealed class LocalSessionRevocationBus : ISessionRevocationBus
{
    public Task PublishAsync(SessionId id, DateTimeOffset expiresAt, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
