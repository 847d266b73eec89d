using System.Net;
using Meeting.WebRtc.Ice;
using static Meeting.WebRtc.Tests.Ice.IceTestClient;

namespace Meeting.WebRtc.Tests.Ice;

public sealed class IceLiteAgentNominationTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(5);

    [Fact]
    public void UseCandidate_SelectsTheSender()
    {
        var agent = NewAgent();
        Send(agent, Check(Server), ClientA, T0);

        var (result, response) = Send(agent, Check(Server, useCandidate: true), ClientA, T0 + TimeSpan.FromMilliseconds(50));

        Assert.Equal(IceCheckOutcome.Nominated, result.Outcome);
        Assert.True(result.SelectedChanged);
        Assert.Equal(ClientA, agent.SelectedRemote);
        Assert.Equal(ClientA, response!.XorMappedAddress);
        Assert.True(Verifies(response, Server.Password));
    }

    [Fact]
    public void RepeatedNomination_OfSameRemote_DoesNotReportAChange()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);

        var (result, _) = Send(agent, Check(Server, useCandidate: true), ClientA, T0 + TimeSpan.FromSeconds(2));

        Assert.Equal(IceCheckOutcome.Nominated, result.Outcome);
        Assert.False(result.SelectedChanged);
        Assert.Equal(ClientA, agent.SelectedRemote);
    }

    [Fact]
    public void CheckWithoutUseCandidate_FromAnotherAddress_KeepsSelection()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);

        var (result, _) = Send(agent, Check(Server), ClientB, T0 + TimeSpan.FromSeconds(1));

        Assert.Equal(IceCheckOutcome.Answered, result.Outcome);
        Assert.False(result.SelectedChanged);
        Assert.Equal(ClientA, agent.SelectedRemote);
        Assert.True(agent.IsVerified(ClientB));
    }

    [Fact]
    public void ClientSwitchingAddress_AndNominatingAgain_IsFollowed()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);

        var (result, response) = Send(agent, Check(Server, useCandidate: true), ClientB, T0 + TimeSpan.FromSeconds(3));

        Assert.Equal(IceCheckOutcome.Nominated, result.Outcome);
        Assert.True(result.SelectedChanged);
        Assert.Equal(ClientB, agent.SelectedRemote);
        Assert.Equal(ClientB, response!.XorMappedAddress);
        Assert.True(agent.IsVerified(ClientA));
        Assert.True(agent.IsVerified(ClientB));
    }

    [Fact]
    public void NominationWithWrongPassword_ChangesNothing()
    {
        var agent = NewAgent();
        Send(agent, Check(Server, useCandidate: true), ClientA, T0);

        var (result, _) = Send(agent, Check(Server, useCandidate: true, password: "attackerPassword01234567"), ClientB, T0);

        Assert.Equal(IceCheckOutcome.DroppedBadIntegrity, result.Outcome);
        Assert.False(result.SelectedChanged);
        Assert.Equal(ClientA, agent.SelectedRemote);
        Assert.False(agent.IsVerified(ClientB));
    }

    [Fact]
    public void SelectedRemote_IsACopy_NotTheCallersObject()
    {
        var agent = NewAgent();
        var reused = new IPEndPoint(ClientA.Address, ClientA.Port);
        Send(agent, Check(Server, useCandidate: true), reused, T0);

        reused.Port = 1;

        Assert.Equal(ClientA, agent.SelectedRemote);
        Assert.True(agent.IsVerified(ClientA));
    }

    [Fact]
    public void VerifiedAddresses_AreBounded_EvictingTheLeastRecentlyChecked()
    {
        var agent = NewAgent(new IceLiteOptions { MaxVerifiedAddresses = 3 });
        IPEndPoint At(int port) => new(IPAddress.Parse("192.0.2.50"), port);
        for (int port = 1; port <= 3; port++)
        {
            Send(agent, Check(Server), At(port), T0 + TimeSpan.FromSeconds(port));
        }

        Send(agent, Check(Server), At(1), T0 + TimeSpan.FromSeconds(4)); // refreshes port 1
        Send(agent, Check(Server), At(4), T0 + TimeSpan.FromSeconds(5)); // evicts port 2

        Assert.True(agent.IsVerified(At(1)));
        Assert.False(agent.IsVerified(At(2)));
        Assert.True(agent.IsVerified(At(3)));
        Assert.True(agent.IsVerified(At(4)));
    }

    [Fact]
    public void VerifiedAddresses_DefaultBoundIsEight()
    {
        var agent = NewAgent();
        IPEndPoint At(int port) => new(IPAddress.Parse("192.0.2.60"), port);
        for (int port = 1; port <= 9; port++)
        {
            Send(agent, Check(Server), At(port), T0);
        }

        Assert.False(agent.IsVerified(At(1)));
        Assert.All(Enumerable.Range(2, 8), port => Assert.True(agent.IsVerified(At(port))));
    }
}
