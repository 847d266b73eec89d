using Meeting.Server.SharedState;

namespace Meeting.Server.Tests.SharedState;

public sealed class SharedStateOptionsValidatorTests
{
    private readonly SharedStateOptionsValidator _validator = new();

    [Fact]
    public void Defaults_AreValid() => Assert.True(_validator.Validate(null, new SharedStateOptions()).Succeeded);

    [Fact]
    public void ALeaseTooShortToRenewAtAThird_IsRefused()
    {
        var result = _validator.Validate(null, new SharedStateOptions { HomeLease = TimeSpan.FromMilliseconds(150) });

        Assert.True(result.Failed);
        Assert.Contains("HomeLease", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AServerDeclaredDeadWithinTwoHeartbeats_IsRefused()
    {
        var result = _validator.Validate(null, new SharedStateOptions { HeartbeatInterval = TimeSpan.FromSeconds(2), ServerDeadAfter = TimeSpan.FromSeconds(3) });

        Assert.True(result.Failed);
        Assert.Contains("ServerDeadAfter", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AnInvalidRelation_StopsTheServerAtStartUp()
    {
        using var server = SharedStateServers.Create("gra", new Meeting.Redis.RedisOptions { EndPoint = "127.0.0.1:1" })
            .With("Meeting:Redis:HomeLease", "00:00:00.050");

        var error = Assert.ThrowsAny<Exception>(() => server.CreateClient());
        Assert.Contains("HomeLease", error.ToString(), StringComparison.Ordinal);
    }
}
