using System.Net;
using Meeting.Server.Sessions;
using Meeting.Server.Tests.Sessions;
using Microsoft.Extensions.DependencyInjection;

namespace Meeting.Server.Tests.SharedState;

/// <summary>What a server may write back after Redis lost its data: a session it still holds connections
/// for, never one that was revoked.</summary>
[Collection(SharedStateCollection.Name)]
public sealed class SessionRestoreTests
{
    private readonly SharedStateServers _sites;

    public SessionRestoreTests(SharedStateServers sites) => _sites = sites;

    private ISessionStore Store => _sites.Gra.Services.GetRequiredService<ISessionStore>();

    [Fact]
    public async Task ARevokedSession_CannotBeWrittenBack()
    {
        var issued = await _sites.Gra.CreateSessionAsync();
        var session = await _sites.Gra.Services.GetRequiredService<SessionService>().ResolveAsync(issued.Token);
        Assert.NotNull(session);

        Assert.Equal(HttpStatusCode.NoContent, await SessionRevocationTests.RevokeAsync(_sites.Gra, issued.Token));

        Assert.False(await Store.RestoreAsync(session));
        Assert.Null(await Store.FindAsync(session.Id));
        await Assert.ThrowsAnyAsync<Exception>(() => _sites.Sbg.ConnectClientAsync(issued.Token));
    }

    [Fact]
    public async Task ALiveSession_IsNotOverwritten_AndAnExpiredOneIsNotWrittenBack()
    {
        var issued = await _sites.Gra.CreateSessionAsync();
        var session = await _sites.Gra.Services.GetRequiredService<SessionService>().ResolveAsync(issued.Token);
        Assert.NotNull(session);

        Assert.False(await Store.RestoreAsync(session));
        var expired = session with { Id = new Meeting.Server.Domain.SessionId("restore-" + Guid.NewGuid().ToString("N")), ExpiresAt = DateTimeOffset.UtcNow.AddSeconds(-1) };
        Assert.False(await Store.RestoreAsync(expired));
        Assert.Null(await Store.FindAsync(expired.Id));
    }

    [Fact]
    public async Task ASessionUnknownToTheStore_IsWrittenBack_ForItsRemainingLifetime()
    {
        var lost = new Session(
            new Meeting.Server.Domain.SessionId("restore-" + Guid.NewGuid().ToString("N")),
            new Meeting.Server.Domain.PeerId("restoredpeer0001"),
            DateTimeOffset.UtcNow,
            DateTimeOffset.UtcNow.AddMinutes(5));

        Assert.True(await Store.RestoreAsync(lost));

        var found = await _sites.Sbg.Services.GetRequiredService<ISessionStore>().FindAsync(lost.Id);
        Assert.NotNull(found);
        Assert.Equal(lost.PeerId, found.PeerId);
        Assert.Equal(lost.ExpiresAt.ToUnixTimeMilliseconds(), found.ExpiresAt.ToUnixTimeMilliseconds());
        Assert.False(await Store.RestoreAsync(lost));
    }
}
