using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Meeting.Sfu.Bench.Peer;
using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Srtp;
using Org.BouncyCastle.Tls;

namespace Meeting.Sfu.Bench.Janus;

/// <summary>
/// The bench's browser stand-in, joined to Janus's VideoRoom instead of our SFU: the same socket, STUN
/// check, BouncyCastle DTLS client and SRTP as <see cref="BenchPeer"/>. Janus runs ICE-lite here, so
/// the peer's one nominating check is all ICE needs. The peer is always the DTLS client: its offer as a
/// publisher says a=setup:active, its answer to a subscriber offer too.
/// </summary>
internal sealed partial class JanusPeer : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    private JanusPeer(Socket socket, SrtpSession send, SrtpSession receive, long feedId)
    {
        Socket = socket;
        Send = send;
        Receive = receive;
        FeedId = feedId;
    }

    public Socket Socket { get; }

    public SrtpSession Send { get; }

    public SrtpSession Receive { get; }

    /// <summary>The publisher's id in the room (0 for a subscriber).</summary>
    public long FeedId { get; }

    public static async Task<JanusPeer> PublishAsync(JanusSession session, BrowserCertificate certificate, SrtpProfile profile, uint videoSsrc,
        CancellationToken cancellationToken)
    {
        var handle = await session.AttachVideoRoomAsync(cancellationToken);
        var joined = await session.MessageAsync(handle, new JsonObject
        {
            ["request"] = "join",
            ["ptype"] = "publisher",
            ["room"] = JanusProcess.Room,
            ["display"] = "bench-publisher",
        }, null, null, cancellationToken);
        var id = joined["plugindata"]?["data"]?["id"]?.GetValue<long>() ?? throw new InvalidOperationException($"join as publisher failed: {joined.ToJsonString()}");

        var socket = NewSocket();
        try
        {
            var ice = IceCredentials.Generate();
            var offer = PublisherOffer(ice, certificate, videoSsrc, (IPEndPoint)socket.LocalEndPoint!);
            var published = await session.MessageAsync(handle, new JsonObject { ["request"] = "publish", ["audio"] = false, ["video"] = true }, "offer", offer, cancellationToken);
            var answer = published["jsep"]?["sdp"]?.GetValue<string>() ?? throw new InvalidOperationException($"publish got no answer: {published.ToJsonString()}");
            var (send, receive) = await ConnectAsync(socket, answer, ice, certificate, profile, cancellationToken);
            return new JanusPeer(socket, send, receive, id);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static async Task<JanusPeer> SubscribeAsync(JanusSession session, long feed, BrowserCertificate certificate, SrtpProfile profile,
        CancellationToken cancellationToken)
    {
        var handle = await session.AttachVideoRoomAsync(cancellationToken);
        var attached = await session.MessageAsync(handle, new JsonObject
        {
            ["request"] = "join",
            ["ptype"] = "subscriber",
            ["room"] = JanusProcess.Room,
            ["streams"] = new JsonArray(new JsonObject { ["feed"] = feed }),
        }, null, null, cancellationToken);
        var offer = attached["jsep"]?["sdp"]?.GetValue<string>() ?? throw new InvalidOperationException($"subscribe got no offer: {attached.ToJsonString()}");

        var socket = NewSocket();
        try
        {
            var ice = IceCredentials.Generate();
            var answer = SubscriberAnswer(offer, ice, certificate);
            var started = await session.MessageAsync(handle, new JsonObject { ["request"] = "start" }, "answer", answer, cancellationToken);
            if (started["plugindata"]?["data"]?["error"] is { } error)
            {
                throw new InvalidOperationException($"start failed: {error.ToJsonString()}");
            }

            var (send, receive) = await ConnectAsync(socket, offer, ice, certificate, profile, cancellationToken);
            return new JanusPeer(socket, send, receive, 0);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        Socket.Dispose();
        Send.Dispose();
        Receive.Dispose();
    }

    private static Socket NewSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = 4 * 1024 * 1024,
            SendBufferSize = 4 * 1024 * 1024,
        };
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket;
    }

    /// <summary>ICE to Janus's host candidate, then DTLS as the client; SRTP with the client's keys out.</summary>
    private static async Task<(SrtpSession Send, SrtpSession Receive)> ConnectAsync(Socket socket, string remoteSdp, IceCredentials ice,
        BrowserCertificate certificate, SrtpProfile profile, CancellationToken cancellationToken)
    {
        var ufrag = Attribute(remoteSdp, "ice-ufrag");
        var pwd = Attribute(remoteSdp, "ice-pwd");
        var fingerprintText = Attribute(remoteSdp, "fingerprint");
        if (!CertificateFingerprint.TryParse(fingerprintText, out var fingerprint) || fingerprint is null)
        {
            throw new InvalidOperationException($"Janus's fingerprint does not parse: {fingerprintText}");
        }

        var candidate = LoopbackCandidate().Match(remoteSdp);
        if (!candidate.Success)
        {
            var offered = string.Join("; ", remoteSdp.Split("\r\n").Where(l => l.StartsWith("a=candidate", StringComparison.Ordinal)));
            // libnice, under Janus's ICE, gathers no loopback candidate (ice_enforce_list = "lo" does not
            // add one), and this bench talks to loopback addresses only.
            throw new InvalidOperationException($"Janus's ICE (libnice) offers no host candidate on 127.0.0.1 even with ice_enforce_list = \"lo\", only {(offered.Length > 0 ? offered : "none")}; the bench uses loopback addresses only, so its peers cannot reach Janus's media");
        }

        socket.Connect(new IPEndPoint(IPAddress.Loopback, int.Parse(candidate.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture)));
        BenchPeer.CheckConnectivity(socket, ufrag, pwd, ice.UsernameFragment);
        var client = new BrowserDtlsClient(certificate, [(int)profile], fingerprint);
        await Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, new SocketDatagramTransport(socket)),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(StepTimeout, cancellationToken);
        var keys = client.Keys ?? throw new InvalidOperationException("DTLS with Janus completed without keys");
        return (new SrtpSession(keys.Profile, keys.ClientMasterKey, keys.ClientMasterSalt),
            new SrtpSession(keys.Profile, keys.ServerMasterKey, keys.ServerMasterSalt));
    }

    private static string PublisherOffer(IceCredentials ice, BrowserCertificate certificate, uint ssrc, IPEndPoint local)
    {
        var sdp = new StringBuilder();
        sdp.Append("v=0\r\n")
            .Append("o=bench 1 1 IN IP4 127.0.0.1\r\n")
            .Append("s=-\r\n")
            .Append("t=0 0\r\n")
            .Append("a=group:BUNDLE 0\r\n")
            .Append("a=msid-semantic: WMS bench\r\n")
            .Append("m=video ").Append(local.Port).Append(" UDP/TLS/RTP/SAVPF ").Append(RtpPacketSource.VideoPayloadType).Append("\r\n")
            .Append("c=IN IP4 127.0.0.1\r\n")
            .Append("a=mid:0\r\n")
            .Append("a=sendonly\r\n")
            .Append("a=rtcp-mux\r\n")
            .Append("a=ice-ufrag:").Append(ice.UsernameFragment).Append("\r\n")
            .Append("a=ice-pwd:").Append(ice.Password).Append("\r\n")
            .Append("a=fingerprint:").Append(certificate.Fingerprint.ToSdpValue()).Append("\r\n")
            .Append("a=setup:active\r\n")
            .Append("a=rtpmap:").Append(RtpPacketSource.VideoPayloadType).Append(" VP8/90000\r\n")
            .Append("a=msid:bench video\r\n")
            .Append("a=ssrc:").Append(ssrc).Append(" cname:bench\r\n")
            .Append("a=candidate:1 1 udp 2130706431 127.0.0.1 ").Append(local.Port).Append(" typ host\r\n")
            .Append("a=end-of-candidates\r\n");
        return sdp.ToString();
    }

    /// <summary>Every m-line of Janus's offer received, with its first codec; this peer's ICE and DTLS.</summary>
    private static string SubscriberAnswer(string offer, IceCredentials ice, BrowserCertificate certificate)
    {
        var sdp = new StringBuilder();
        sdp.Append("v=0\r\no=bench 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
        var sections = offer.Split("\r\nm=").Skip(1).Select(s => "m=" + s).ToArray();
        var mids = sections.Select(s => Attribute(s, "mid")).ToArray();
        sdp.Append("a=group:BUNDLE ").Append(string.Join(' ', mids)).Append("\r\n");
        for (var i = 0; i < sections.Length; i++)
        {
            var mline = sections[i].Split("\r\n")[0].Split(' ');
            var kind = mline[0][2..];
            var payloadType = mline.Length > 3 ? mline[3] : "0";
            sdp.Append("m=").Append(kind).Append(" 9 ").Append(mline[2]).Append(' ').Append(payloadType).Append("\r\n")
                .Append("c=IN IP4 0.0.0.0\r\n")
                .Append("a=mid:").Append(mids[i]).Append("\r\n")
                .Append("a=recvonly\r\n")
                .Append("a=rtcp-mux\r\n")
                .Append("a=ice-ufrag:").Append(ice.UsernameFragment).Append("\r\n")
                .Append("a=ice-pwd:").Append(ice.Password).Append("\r\n")
                .Append("a=fingerprint:").Append(certificate.Fingerprint.ToSdpValue()).Append("\r\n")
                .Append("a=setup:active\r\n");
            var rtpmap = Regex.Match(sections[i], $@"a=rtpmap:{payloadType} ([^\r\n]+)");
            if (rtpmap.Success)
            {
                sdp.Append("a=rtpmap:").Append(payloadType).Append(' ').Append(rtpmap.Groups[1].Value).Append("\r\n");
            }
        }

        return sdp.ToString();
    }

    private static string Attribute(string sdp, string name)
    {
        var match = Regex.Match(sdp, $@"a={Regex.Escape(name)}:([^\r\n]+)");
        return match.Success ? match.Groups[1].Value.Trim() : throw new InvalidOperationException($"Janus's SDP has no a={name}");
    }

    [GeneratedRegex(@"a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 (?<port>\d+) typ host", RegexOptions.IgnoreCase)]
    private static partial Regex LoopbackCandidate();
}
