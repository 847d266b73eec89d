using System.Net;
using System.Net.Sockets;
using System.Text;
using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Sdp;
using Meeting.WebRtc.Srtp;
using Meeting.WebRtc.Stun;
using Org.BouncyCastle.Tls;

namespace Meeting.Sfu.Bench.Peer;

/// <summary>
/// A lean browser stand-in on its own loopback socket: joins a room through the <see cref="MediaWorker"/>,
/// passes a STUN check (USE-CANDIDATE, PRIORITY, ICE-CONTROLLING, MESSAGE-INTEGRITY with the offer's
/// ice-pwd), answers the offer, completes DTLS as the client, and keeps the SRTP sessions: the client's
/// keys out, the server's keys in (RFC 5764 §4.2).
/// </summary>
internal sealed class BenchPeer : IDisposable
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(15);

    private BenchPeer(Socket socket, SrtpSession send, SrtpSession receive, uint? videoSsrc)
    {
        Socket = socket;
        Send = send;
        Receive = receive;
        VideoSsrc = videoSsrc;
    }

    /// <summary>Connected to the SFU's media port.</summary>
    public Socket Socket { get; }

    public SrtpSession Send { get; }

    public SrtpSession Receive { get; }

    public uint? VideoSsrc { get; }

    /// <summary>Joins <paramref name="room"/>; a publisher (<paramref name="videoSsrc"/> set) announces
    /// audio and video SSRCs in its answer, a subscriber only receives.</summary>
    public static async Task<BenchPeer> ConnectAsync(MediaWorker worker, string room, string peerId, BrowserCertificate certificate,
        SrtpProfile profile, uint? videoSsrc, CancellationToken cancellationToken)
    {
        var offer = await worker.CreateTransportAsync(room, peerId, cancellationToken).WaitAsync(StepTimeout, cancellationToken);
        if (!SessionDescription.TryParse(offer.Sdp, out var description, out var error))
        {
            throw new InvalidOperationException($"the SFU's offer does not parse: {error}");
        }

        var first = description.Media[0];
        var serverUfrag = description.IceUfragOf(first) ?? throw new InvalidOperationException("offer without ice-ufrag");
        var serverPwd = description.IcePwdOf(first) ?? throw new InvalidOperationException("offer without ice-pwd");
        var serverFingerprint = description.FingerprintOf(first) is { } f && CertificateFingerprint.TryParse(f.ToString(), out var parsed) && parsed is not null
            ? parsed
            : throw new InvalidOperationException("offer without a usable fingerprint");

        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = 4 * 1024 * 1024,
            SendBufferSize = 4 * 1024 * 1024,
        };
        try
        {
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Connect(worker.LocalEndPoint);
            var ice = IceCredentials.Generate();
            CheckConnectivity(socket, serverUfrag, serverPwd, ice.UsernameFragment);

            var answer = AnswerBuilder.Build(description, ice, certificate.Fingerprint, videoSsrc is { } v ? v + 1 : null, videoSsrc);
            await worker.ApplyAnswerAsync(room, peerId, offer.TransportId, answer, offer.Revision, cancellationToken).WaitAsync(StepTimeout, cancellationToken);

            var client = new BrowserDtlsClient(certificate, [(int)profile], serverFingerprint);
            await Task.Factory.StartNew(() => new DtlsClientProtocol().Connect(client, new SocketDatagramTransport(socket)),
                cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).WaitAsync(StepTimeout, cancellationToken);
            var keys = client.Keys ?? throw new InvalidOperationException("DTLS completed without keys");
            return new BenchPeer(socket,
                new SrtpSession(keys.Profile, keys.ClientMasterKey, keys.ClientMasterSalt),
                new SrtpSession(keys.Profile, keys.ServerMasterKey, keys.ServerMasterSalt),
                videoSsrc);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Frees the SRTP state but keeps the socket open (so the server sees no ICMP errors): what is
    /// left on the client's side of a transport in the memory phase.</summary>
    public void DropCrypto()
    {
        Send.Dispose();
        Receive.Dispose();
    }

    public void Dispose()
    {
        Socket.Dispose();
        Send.Dispose();
        Receive.Dispose();
    }

    /// <summary>One nominating check (RFC 8445 §7.2.2, §8.1.1), retried until its success response.</summary>
    internal static void CheckConnectivity(Socket socket, string serverUfrag, string serverPwd, string clientUfrag)
    {
        var key = Encoding.UTF8.GetBytes(serverPwd);
        Span<byte> request = stackalloc byte[512];
        Span<byte> response = stackalloc byte[2048];
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var id = StunTransactionId.NewRandom();
            var length = new StunMessageBuilder(StunClass.Request, StunMethod.Binding, id)
                .AddUsername($"{serverUfrag}:{clientUfrag}")
                .AddPriority((110u << 24) | (65535u << 8) | 255u)
                .AddIceControlling((ulong)Random.Shared.NextInt64())
                .AddUseCandidate()
                .WriteTo(request, key, fingerprint: true);
            socket.Send(request[..length]);
            var deadline = Environment.TickCount64 + 500;
            while (Environment.TickCount64 < deadline && socket.Poll(100_000, SelectMode.SelectRead))
            {
                var received = socket.Receive(response);
                if (StunMessage.TryParse(response[..received], out var message) && message.TransactionId == id
                    && message.Class == StunClass.SuccessResponse && message.CheckMessageIntegrity(key))
                {
                    return;
                }
            }
        }

        throw new TimeoutException("no STUN success response from the server");
    }
}
