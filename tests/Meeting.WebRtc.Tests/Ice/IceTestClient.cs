using System.Net;
using System.Text;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Stun;

namespace Meeting.WebRtc.Tests.Ice;

/// <summary>Plays the browser (controlling, full ICE) against an <see cref="IceLiteAgent"/>: builds
/// its Binding requests and reads the agent's answers with our parser.</summary>
internal static class IceTestClient
{
    public const string RemoteUfrag = "brws";

    public static readonly IceCredentials Server = new("srvUfrag", "serverPassword0123456789");

    public static IPEndPoint ClientA => new(IPAddress.Parse("198.51.100.10"), 50000);

    public static IPEndPoint ClientB => new(IPAddress.Parse("2001:db8::20"), 50001);

    public static IceLiteAgent NewAgent(IceLiteOptions? options = null) => new(Server, options ?? new IceLiteOptions());

    public static byte[] Check(IceCredentials server, bool useCandidate = false, bool controlled = false,
        bool priority = true, bool fingerprint = true, string? password = null, string? username = null,
        Action<StunMessageBuilder>? extra = null, StunTransactionId? id = null, bool integrity = true, bool withUsername = true)
    {
        var builder = new StunMessageBuilder(StunClass.Request, StunMethod.Binding, id ?? StunTransactionId.NewRandom());
        if (withUsername)
        {
            builder.AddUsername(username ?? $"{server.UsernameFragment}:{RemoteUfrag}");
        }

        if (priority)
        {
            builder.AddPriority(0x6e7f1eff);
        }

        if (controlled)
        {
            builder.AddIceControlled(0x1122334455667788);
        }
        else
        {
            builder.AddIceControlling(0x1122334455667788);
        }

        if (useCandidate)
        {
            builder.AddUseCandidate();
        }

        extra?.Invoke(builder);
        byte[] key = integrity ? Encoding.UTF8.GetBytes(password ?? server.Password) : [];
        var buffer = new byte[builder.GetSize(key.Length > 0, fingerprint)];
        builder.WriteTo(buffer, key, fingerprint);
        return buffer;
    }

    /// <summary>Sends <paramref name="datagram"/> and returns the result and the parsed answer, if any.</summary>
    public static (IceCheckResult Result, StunMessage? Response) Send(IceLiteAgent agent, byte[] datagram, IPEndPoint from, TimeSpan now)
    {
        var buffer = new byte[IceLiteAgent.MaxResponseLength];
        IceCheckResult result = agent.HandleRequest(datagram, from, now, buffer);
        if (result.ResponseLength == 0)
        {
            return (result, null);
        }

        Assert.True(StunMessage.TryParse(buffer.AsSpan(0, result.ResponseLength), out var response));
        Assert.True(response.CheckFingerprint());
        return (result, response);
    }

    public static bool Verifies(StunMessage response, string password) =>
        response.CheckMessageIntegrity(Encoding.UTF8.GetBytes(password));
}
