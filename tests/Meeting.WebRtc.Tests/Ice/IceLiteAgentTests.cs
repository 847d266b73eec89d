using System.Net;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Stun;
using Meeting.WebRtc.Tests.Stun;
using static Meeting.WebRtc.Tests.Ice.IceTestClient;

namespace Meeting.WebRtc.Tests.Ice;

public sealed class IceLiteAgentTests
{
    private static readonly TimeSpan T0 = TimeSpan.FromSeconds(100);

    [Fact]
    public void ValidCheck_IsAnswered_WithMappedAddressIntegrityAndFingerprint()
    {
        var agent = NewAgent();
        var id = StunTransactionId.NewRandom();

        var (result, response) = Send(agent, Check(Server, id: id), ClientA, T0);

        Assert.Equal(IceCheckOutcome.Answered, result.Outcome);
        Assert.False(result.SelectedChanged);
        Assert.NotNull(response);
        Assert.Equal(StunClass.SuccessResponse, response.Class);
        Assert.Equal(StunMethod.Binding, response.Method);
        Assert.Equal(id, response.TransactionId);
        Assert.Equal(ClientA, response.XorMappedAddress);
        Assert.True(Verifies(response, Server.Password));
        Assert.False(Verifies(response, "someOtherPassword012345"));
        Assert.True(agent.IsVerified(ClientA));
        Assert.Equal(T0, agent.LastValidCheckAt);
        Assert.Equal(RemoteUfrag, agent.RemoteUsernameFragment);
        Assert.Null(agent.SelectedRemote);
        Assert.Equal(1, agent.GetCount(IceCheckOutcome.Answered));
    }

    [Fact]
    public void ValidCheck_FromIPv6_MapsIPv6Address()
    {
        var (result, response) = Send(NewAgent(), Check(Server), ClientB, T0);

        Assert.Equal(IceCheckOutcome.Answered, result.Outcome);
        Assert.Equal(ClientB, response!.XorMappedAddress);
    }

    [Fact]
    public void ValidCheck_WithoutFingerprint_IsAnswered()
    {
        var (result, _) = Send(NewAgent(), Check(Server, fingerprint: false), ClientA, T0);

        Assert.Equal(IceCheckOutcome.Answered, result.Outcome);
    }

    [Fact]
    public void WrongPassword_IsDroppedSilently_AndNotVerified()
    {
        var agent = NewAgent();

        var (result, response) = Send(agent, Check(Server, password: "notTheServerPassword0123"), ClientA, T0);

        Assert.Equal(IceCheckOutcome.DroppedBadIntegrity, result.Outcome);
        Assert.Equal(0, result.ResponseLength);
        Assert.Null(response);
        Assert.False(agent.IsVerified(ClientA));
        Assert.Null(agent.LastValidCheckAt);
        Assert.Equal(1, agent.GetCount(IceCheckOutcome.DroppedBadIntegrity));
    }

    [Theory]
    [InlineData("otherUfr:brws")]
    [InlineData("srvUfra:brws")]   // a prefix of our ufrag
    [InlineData("srvUfrag1:brws")] // our ufrag as a prefix
    [InlineData("srvUfrag")]       // no colon
    [InlineData("srvUfrag:")]      // no remote part
    [InlineData(":srvUfrag")]
    public void UnknownUsername_IsDropped(string username)
    {
        var agent = NewAgent();

        var (result, _) = Send(agent, Check(Server, username: username), ClientA, T0);

        Assert.Equal(IceCheckOutcome.DroppedUnknownUsername, result.Outcome);
        Assert.Equal(0, result.ResponseLength);
        Assert.False(agent.IsVerified(ClientA));
    }

    [Fact]
    public void MissingUsername_IsAnswered400_WithoutIntegrity()
    {
        var (result, response) = Send(NewAgent(), Check(Server, withUsername: false), ClientA, T0);

        Assert.Equal(IceCheckOutcome.BadRequest, result.Outcome);
        Assert.Equal(StunClass.ErrorResponse, response!.Class);
        Assert.Equal(StunErrorCodes.BadRequest, response.ErrorCode);
        Assert.False(response.HasMessageIntegrity);
        Assert.True(result.ResponseLength <= 48);
    }

    [Fact]
    public void MissingIntegrity_IsAnswered400_AndNotVerified()
    {
        var agent = NewAgent();

        var (result, response) = Send(agent, Check(Server, integrity: false), ClientA, T0);

        Assert.Equal(IceCheckOutcome.BadRequest, result.Outcome);
        Assert.Equal(StunErrorCodes.BadRequest, response!.ErrorCode);
        Assert.False(agent.IsVerified(ClientA));
    }

    [Fact]
    public void AuthenticatedCheckWithoutPriority_IsAnswered400_WithIntegrity()
    {
        var agent = NewAgent();

        var (result, response) = Send(agent, Check(Server, priority: false), ClientA, T0);

        Assert.Equal(IceCheckOutcome.BadRequest, result.Outcome);
        Assert.Equal(StunErrorCodes.BadRequest, response!.ErrorCode);
        Assert.True(Verifies(response, Server.Password));
        Assert.False(agent.IsVerified(ClientA));
    }

    [Fact]
    public void CheckWithIceControlled_IsAnswered487_WithIntegrity_AndChangesNothing()
    {
        var agent = NewAgent();

        var (result, response) = Send(agent, Check(Server, controlled: true, useCandidate: true), ClientA, T0);

        Assert.Equal(IceCheckOutcome.RoleConflict, result.Outcome);
        Assert.Equal(StunClass.ErrorResponse, response!.Class);
        Assert.Equal(StunErrorCodes.RoleConflict, response.ErrorCode);
        Assert.Equal(StunErrorCodes.RoleConflictReason, response.ErrorReason);
        Assert.True(Verifies(response, Server.Password));
        Assert.Null(agent.SelectedRemote);
        Assert.False(agent.IsVerified(ClientA));
    }

    [Fact]
    public void Rfc5769SampleRequest_ControlledPeer_GetsRoleConflict()
    {
        // RFC 5769 §2.1 is a controlled agent's check to ufrag "evtj" with the vectors' password.
        var agent = new IceLiteAgent(new IceCredentials("evtj", Rfc5769Tests.ShortTermPassword), new IceLiteOptions());

        var (result, response) = Send(agent, Rfc5769Tests.SampleRequest(), ClientA, T0);

        Assert.Equal(IceCheckOutcome.RoleConflict, result.Outcome);
        Assert.Equal(487, response!.ErrorCode);
        Assert.True(Verifies(response, Rfc5769Tests.ShortTermPassword));
        Assert.False(agent.IsVerified(ClientA));
        Assert.Null(agent.LastValidCheckAt);
    }

    [Fact]
    public void UnknownComprehensionRequiredAttribute_IsAnswered420_ListingIt()
    {
        byte[] check = Check(Server, extra: b => b.AddRaw(0x0003, [0, 0, 0, 0]).AddRaw(0x7abc, []));

        var (result, response) = Send(NewAgent(), check, ClientA, T0);

        Assert.Equal(IceCheckOutcome.UnknownAttribute, result.Outcome);
        Assert.Equal(StunErrorCodes.UnknownAttribute, response!.ErrorCode);
        Assert.Equal(new ushort[] { 0x0003, 0x7abc }, response.UnknownAttributes);
        Assert.True(Verifies(response, Server.Password));
    }

    [Fact]
    public void BadFingerprint_IsDroppedAsMalformed()
    {
        byte[] check = Check(Server);
        check[^1] ^= 0x5a;

        var (result, _) = Send(NewAgent(), check, ClientA, T0);

        Assert.Equal(IceCheckOutcome.DroppedMalformed, result.Outcome);
    }

    [Theory]
    [InlineData(StunClass.Indication)]
    [InlineData(StunClass.SuccessResponse)]
    [InlineData(StunClass.ErrorResponse)]
    public void NonRequest_IsDropped(StunClass cls)
    {
        var builder = new StunMessageBuilder(cls, StunMethod.Binding, StunTransactionId.NewRandom()).AddUsername("srvUfrag:brws");
        var bytes = new byte[builder.GetSize(false, true)];
        builder.WriteTo(bytes, [], true);

        var (result, _) = Send(NewAgent(), bytes, ClientA, T0);

        Assert.Equal(IceCheckOutcome.DroppedNotRequest, result.Outcome);
    }

    [Fact]
    public void NonBindingRequest_IsDropped()
    {
        var builder = new StunMessageBuilder(StunClass.Request, (StunMethod)0x003, StunTransactionId.NewRandom());
        var bytes = new byte[builder.GetSize(false, true)];
        builder.WriteTo(bytes, [], true);

        var (result, _) = Send(NewAgent(), bytes, ClientA, T0);

        Assert.Equal(IceCheckOutcome.DroppedUnknownMethod, result.Outcome);
    }

    [Fact]
    public void Garbage_IsDroppedAsMalformed_AndCounted()
    {
        var agent = NewAgent();

        var (result, _) = Send(agent, [0x16, 0xfe, 0xfd, 0x00], ClientA, T0);

        Assert.Equal(IceCheckOutcome.DroppedMalformed, result.Outcome);
        Assert.Equal(1, agent.GetCount(IceCheckOutcome.DroppedMalformed));
        Assert.Equal(0, agent.GetCount(IceCheckOutcome.Answered));
    }

    [Fact]
    public void HandleRequest_ResponseBufferTooSmall_Throws()
    {
        var agent = NewAgent();

        Assert.Throws<ArgumentException>(() => agent.HandleRequest(Check(Server), ClientA, T0, new byte[IceLiteAgent.MaxResponseLength - 1]));
    }

    [Theory]
    [InlineData("abc", "serverPassword0123456789")]
    [InlineData("srvUfrag", "tooShortPassword")]
    [InlineData("srv:frag", "serverPassword0123456789")]
    [InlineData("srvUfrag", "serverPassword 123456789")]
    public void Constructor_InvalidCredentials_Throws(string ufrag, string password)
    {
        Assert.Throws<ArgumentException>(() => new IceLiteAgent(new IceCredentials(ufrag, password), new IceLiteOptions()));
    }

    [Fact]
    public void Constructor_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NewAgent(new IceLiteOptions { ConsentTimeout = TimeSpan.Zero }));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewAgent(new IceLiteOptions { MaxVerifiedAddresses = 0 }));
    }

    [Fact]
    public void IsVerified_ComparesAddressAndPort()
    {
        var agent = NewAgent();
        Send(agent, Check(Server), ClientA, T0);

        Assert.True(agent.IsVerified(new IPEndPoint(ClientA.Address, ClientA.Port)));
        Assert.False(agent.IsVerified(new IPEndPoint(ClientA.Address, ClientA.Port + 1)));
    }
}
