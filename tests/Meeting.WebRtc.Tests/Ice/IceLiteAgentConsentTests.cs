using Meeting.WebRtc.Ice;
using static Meeting.WebRtc.Tests.Ice.IceTestClient;

namespace Meeting.WebRtc.Tests.Ice;

/// <summary>RFC 7675 consent, driven with explicit times.</summary>
public sealed class IceLiteAgentConsentTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(1000);

    [Fact]
    public void Consent_IsPending_BeforeAnyValidCheck()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, password: "wrongPassword01234567890"), ClientA, T0);

        Assert.Equal(IceConsentState.Pending, agent.CheckConsent(T0));
        Assert.Equal(IceConsentState.Pending, agent.CheckConsent(T0 + TimeSpan.FromHours(1)));
        Assert.Null(agent.LastValidCheckAt);
    }

    [Fact]
    public void Consent_GoesPendingGrantedExpired()
    {
        var agent = NewAgent();
        Assert.Equal(IceConsentState.Pending, agent.CheckConsent(T0));

        Send(agent, Check(Server, useCandidate: true), ClientA, T0);

        Assert.Equal(IceConsentState.Granted, agent.CheckConsent(T0));
        Assert.Equal(IceConsentState.Granted, agent.CheckConsent(T0 + TimeSpan.FromSeconds(29.999)));
        Assert.Equal(IceConsentState.Expired, agent.CheckConsent(T0 + TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Consent_IsRefreshedByEachValidCheckFromTheSelectedRemote()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);
        Send(agent, Check(Server), ClientA, T0 + TimeSpan.FromSeconds(20));

        Assert.Equal(IceConsentState.Granted, agent.CheckConsent(T0 + TimeSpan.FromSeconds(45)));
        Assert.Equal(IceConsentState.Expired, agent.CheckConsent(T0 + TimeSpan.FromSeconds(50)));
        Assert.Equal(T0 + TimeSpan.FromSeconds(20), agent.LastValidCheckAt);
    }

    [Fact]
    public void Consent_ChecksFromANonSelectedRemote_DoNotKeepItAlive()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);
        Send(agent, Check(Server), ClientB, T0 + TimeSpan.FromSeconds(25));

        Assert.Equal(IceConsentState.Expired, agent.CheckConsent(T0 + TimeSpan.FromSeconds(31)));
        Assert.Equal(T0 + TimeSpan.FromSeconds(25), agent.LastValidCheckAt);
    }

    [Fact]
    public void Consent_BadChecksFromTheSelectedRemote_DoNotKeepItAlive()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);
        Send(agent, Check(Server, password: "wrongPassword01234567890"), ClientA, T0 + TimeSpan.FromSeconds(25));

        Assert.Equal(IceConsentState.Expired, agent.CheckConsent(T0 + TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Consent_BeforeNomination_FollowsAnyValidCheck()
    {
        var agent = NewAgent();
        Send(agent, Check(Server), ClientB, T0);

        Assert.Equal(IceConsentState.Granted, agent.CheckConsent(T0 + TimeSpan.FromSeconds(10)));
        Assert.Equal(IceConsentState.Expired, agent.CheckConsent(T0 + TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Consent_AfterExpiry_IsGrantedAgainByAValidCheck()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);
        Assert.Equal(IceConsentState.Expired, agent.CheckConsent(T0 + TimeSpan.FromSeconds(40)));

        Send(agent, Check(Server), ClientA, T0 + TimeSpan.FromSeconds(41));

        Assert.Equal(IceConsentState.Granted, agent.CheckConsent(T0 + TimeSpan.FromSeconds(42)));
    }

    [Fact]
    public void Consent_HonoursAConfiguredTimeout()
    {
        var agent = NewAgent(new IceLiteOptions { ConsentTimeout = TimeSpan.FromSeconds(5) });
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);

        Assert.Equal(IceConsentState.Granted, agent.CheckConsent(T0 + TimeSpan.FromSeconds(4)));
        Assert.Equal(IceConsentState.Expired, agent.CheckConsent(T0 + TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Consent_FollowsTheNewlySelectedRemote_AfterASwitch()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);
        Send(agent, Check(Server, useCandidate: true), ClientB, T0 + TimeSpan.FromSeconds(20));
        Send(agent, Check(Server), ClientA, T0 + TimeSpan.FromSeconds(40)); // the old path, no longer selected

        Assert.Equal(IceConsentState.Granted, agent.CheckConsent(T0 + TimeSpan.FromSeconds(49)));
        Assert.Equal(IceConsentState.Expired, agent.CheckConsent(T0 + TimeSpan.FromSeconds(50)));
    }
}
