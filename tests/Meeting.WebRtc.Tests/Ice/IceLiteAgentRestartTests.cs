using Meeting.WebRtc.Ice;
using static Meeting.WebRtc.Tests.Ice.IceTestClient;

namespace Meeting.WebRtc.Tests.Ice;

/// <summary>ICE restart (RFC 8445 §9) without cutting media.</summary>
public sealed class IceLiteAgentRestartTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(10);
    private static readonly IceCredentials Fresh = new("newUfrag", "newServerPassword0123456");
    private static readonly IceCredentials Third = new("3rdUfrag", "thirdServerPassword01234");

    [Fact]
    public void Restart_ExposesTheNewCredentials_AndAcceptsThem()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);

        agent.Restart(Fresh);
        var (result, response) = Send(agent, Check(Fresh, useCandidate: true), ClientA, T0 + TimeSpan.FromSeconds(1));

        Assert.Equal(Fresh, agent.Local);
        Assert.Equal(IceCheckOutcome.Nominated, result.Outcome);
        Assert.True(Verifies(response!, Fresh.Password));
        Assert.False(Verifies(response!, Server.Password));
    }

    [Fact]
    public void Restart_OldCredentialsKeepWorking_UntilTheFirstValidNewCheck()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);
        agent.Restart(Fresh);

        var (oldBefore, oldResponse) = Send(agent, Check(Server), ClientA, T0 + TimeSpan.FromSeconds(1));
        Send(agent, Check(Fresh, password: "newServerPassword0123457"), ClientA, T0 + TimeSpan.FromSeconds(2)); // bad: no switch
        var (oldStill, _) = Send(agent, Check(Server), ClientA, T0 + TimeSpan.FromSeconds(3));
        var (fresh, _) = Send(agent, Check(Fresh), ClientA, T0 + TimeSpan.FromSeconds(4));
        var (oldAfter, _) = Send(agent, Check(Server), ClientA, T0 + TimeSpan.FromSeconds(5));

        Assert.Equal(IceCheckOutcome.Answered, oldBefore.Outcome);
        Assert.True(Verifies(oldResponse!, Server.Password));
        Assert.Equal(IceCheckOutcome.Answered, oldStill.Outcome);
        Assert.Equal(IceCheckOutcome.Answered, fresh.Outcome);
        Assert.Equal(IceCheckOutcome.DroppedUnknownUsername, oldAfter.Outcome);
    }

    [Fact]
    public void PreviousLocal_IsTheReplacedCredentials_UntilTheFirstNewCheck()
    {
        var agent = NewAgent();
        Assert.Null(agent.PreviousLocal);

        agent.Restart(Fresh);
        Assert.Equal(Server, agent.PreviousLocal);
        Send(agent, Check(Server), ClientA, T0);
        Assert.Equal(Server, agent.PreviousLocal);
        Send(agent, Check(Fresh), ClientA, T0 + TimeSpan.FromSeconds(1));

        Assert.Null(agent.PreviousLocal);
    }

    [Fact]
    public void Restart_KeepsSelectionVerificationAndConsent()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);

        agent.Restart(Fresh);

        Assert.Equal(ClientA, agent.SelectedRemote);
        Assert.True(agent.IsVerified(ClientA));
        Assert.Equal(IceConsentState.Granted, agent.CheckConsent(T0 + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void Restart_Twice_BeforeTheNewOnesWereUsed_KeepsTheCredentialsInUse()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);

        agent.Restart(Fresh);
        agent.Restart(Third);

        Assert.Equal(IceCheckOutcome.Answered, Send(agent, Check(Server), ClientA, T0 + TimeSpan.FromSeconds(1)).Result.Outcome);
        Assert.Equal(IceCheckOutcome.DroppedUnknownUsername, Send(agent, Check(Fresh), ClientA, T0 + TimeSpan.FromSeconds(2)).Result.Outcome);
        Assert.Equal(IceCheckOutcome.Answered, Send(agent, Check(Third), ClientA, T0 + TimeSpan.FromSeconds(3)).Result.Outcome);
        Assert.Equal(IceCheckOutcome.DroppedUnknownUsername, Send(agent, Check(Server), ClientA, T0 + TimeSpan.FromSeconds(4)).Result.Outcome);
    }

    [Fact]
    public void Restart_Twice_AfterTheFirstWasUsed_DropsTheOriginal()
    {
        var agent = NewAgent();
        Send(agent, Check(Server), ClientA, T0);
        agent.Restart(Fresh);
        Send(agent, Check(Fresh), ClientA, T0 + TimeSpan.FromSeconds(1));

        agent.Restart(Third);

        Assert.Equal(IceCheckOutcome.DroppedUnknownUsername, Send(agent, Check(Server), ClientA, T0 + TimeSpan.FromSeconds(2)).Result.Outcome);
        Assert.Equal(IceCheckOutcome.Answered, Send(agent, Check(Fresh), ClientA, T0 + TimeSpan.FromSeconds(3)).Result.Outcome);
    }

    [Fact]
    public void Restart_WithInvalidCredentials_Throws_AndKeepsTheOldOnes()
    {
        var agent = NewAgent();

        Assert.Throws<ArgumentException>(() => agent.Restart(new IceCredentials("x", "y")));
        Assert.Equal(Server, agent.Local);
    }
}
