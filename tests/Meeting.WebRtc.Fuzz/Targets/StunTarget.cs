using System.Net;
using System.Text;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Stun;

namespace Meeting.WebRtc.Fuzz.Targets;

/// <summary>STUN parser, its integrity and fingerprint checks, the allocation-free USERNAME reader,
/// the builder (write-back of whatever parsed) and the ICE-lite agent. A disagreement between
/// parse and write-back is thrown as a crash, like an exception escaping a parser.</summary>
public sealed class StunTarget : IFuzzTarget
{
    private const string Password = "VOkJxbRl1RmTxUk/WvJxBt";
    private readonly IPEndPoint _remote = new(IPAddress.Parse("192.0.2.1"), 32853);

    private readonly byte[] _key = Encoding.UTF8.GetBytes(Password);
    private readonly byte[] _response = new byte[IceLiteAgent.MaxResponseLength];
    private readonly byte[] _rebuilt = new byte[StunMessage.MaxMessageLength];

    public string Name => "stun";

    /// <summary>RFC 5769 §2.1, §2.2, §2.3 and §2.4, as printed in the RFC.</summary>
    public IReadOnlyList<byte[]> Seeds { get; } =
    [
        Convert.FromHexString(
            "000100582112a442b7e7a701bc34d686fa87dfae802200105354554e207465737420636c69656e74" +
            "002400046e0001ff80290008932ff9b151263b36000600096576746a3a68367659202020" +
            "000800149aeaa70cbfd8cb56781ef2b5b2d3f249c1b571a280280004e57a3bcf"),
        Convert.FromHexString(
            "0101003c2112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220" +
            "002000080001a147e112a643000800142b91f599fd9e90c38c7489f92af9ba53f06be7d7" +
            "80280004c07d4c96"),
        Convert.FromHexString(
            "010100482112a442b7e7a701bc34d686fa87dfae8022000b7465737420766563746f7220" +
            "002000140002a1470113a9faa5d3f179bc25f4b5bed2b9d900080014a382954e4be67bf1" +
            "1784c97c8292c275bfe3ed4180280004c8fb0b4c"),
        Convert.FromHexString(
            "000100602112a44278ad3433c6ad72c029da412e00060012e3839ee38388e383aae38383e382afe382b90000" +
            "0015001c662f2f3439396b39353464364f4c33346f4c394653547679363473410014000b6578616d706c652e6f726700" +
            "00080014f67024656dd64a3e02b8e0712e85c9a28ca89666"),
    ];

    public void Run(ReadOnlySpan<byte> data)
    {
        _ = StunMessage.IsStun(data);
        _ = StunMessage.TryReadUsername(data, out _);
        _ = IceLiteAgent.TryReadLocalUsernameFragment(data, out _);
        if (StunMessage.TryParse(data, out StunMessage? message))
        {
            _ = message.CheckMessageIntegrity(_key);
            _ = message.CheckFingerprint();
            WriteBack(message);
        }

        // The agent's ufrag is the RFC 5769 one, so mutated seeds reach the authenticated paths.
        var agent = new IceLiteAgent(new IceCredentials("evtj", Password), new IceLiteOptions());
        IceCheckResult result = agent.HandleRequest(data, _remote, TimeSpan.FromSeconds(1), _response);
        if (result.ResponseLength > 0
            && !(StunMessage.TryParse(_response.AsSpan(0, result.ResponseLength), out var answer) && answer.CheckFingerprint()))
        {
            throw new InvalidOperationException($"The agent wrote an unparsable {result.Outcome} answer.");
        }
    }

    /// <summary>Rebuilds the message from what was parsed and requires the same values back.</summary>
    private void WriteBack(StunMessage message)
    {
        var builder = new StunMessageBuilder(message.Class, message.Method, message.TransactionId);
        if (message.Username is not null) builder.AddUsername(message.Username);
        if (message.Priority is uint priority) builder.AddPriority(priority);
        if (message.UseCandidate) builder.AddUseCandidate();
        if (message.IceControlling is ulong controlling) builder.AddIceControlling(controlling);
        if (message.IceControlled is ulong controlled) builder.AddIceControlled(controlled);
        if (message.XorMappedAddress is not null) builder.AddXorMappedAddress(message.XorMappedAddress);
        // A reason decoded with replacement characters can re-encode longer than the limit.
        bool withError = message.ErrorCode is not null
            && Encoding.UTF8.GetByteCount(message.ErrorReason ?? string.Empty) <= StunMessage.MaxTextLength;
        if (withError) builder.AddErrorCode(message.ErrorCode!.Value, message.ErrorReason ?? string.Empty);

        if (builder.GetSize(withIntegrity: true, withFingerprint: true) > _rebuilt.Length)
        {
            return; // the rebuilt message would pass the size limit: nothing to compare
        }

        int written = builder.WriteTo(_rebuilt, _key, fingerprint: true);
        if (!StunMessage.TryParse(_rebuilt.AsSpan(0, written), out var again)
            || !again.CheckMessageIntegrity(_key) || !again.CheckFingerprint()
            || again.Class != message.Class || again.Method != message.Method || again.TransactionId != message.TransactionId
            || again.Username != message.Username || again.Priority != message.Priority || again.UseCandidate != message.UseCandidate
            || again.IceControlling != message.IceControlling || again.IceControlled != message.IceControlled
            || !Equals(Normalized(again.XorMappedAddress), Normalized(message.XorMappedAddress))
            || again.ErrorCode != (withError ? message.ErrorCode : null))
        {
            throw new InvalidOperationException("Write-back of a parsed STUN message did not parse to the same values.");
        }
    }

    /// <summary>The builder writes an IPv4-mapped IPv6 address as IPv4, by design.</summary>
    private static IPEndPoint? Normalized(IPEndPoint? endPoint) =>
        endPoint is { Address.IsIPv4MappedToIPv6: true } ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}
