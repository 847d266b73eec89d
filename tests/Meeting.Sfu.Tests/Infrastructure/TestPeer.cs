using System.Net;
using System.Net.Sockets;
using System.Text;
using Meeting.WebRtc.Demux;
using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Ice;
using Meeting.WebRtc.Rtcp;
using Meeting.WebRtc.Sdp;
using Meeting.WebRtc.Srtp;
using Meeting.WebRtc.Stun;
using Org.BouncyCastle.Tls;

namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>
/// A browser of our own on a UDP socket of 127.0.0.1: it answers the server's offers, runs the ICE
/// check a controlling full agent sends an ICE-lite server, the DTLS client handshake, and then sends
/// and receives SRTP and SRTCP. Everything it receives is unprotected and logged for assertions.
/// </summary>
internal sealed class TestPeer : IAsyncDisposable
{
    public const byte VideoPayloadType = 96;
    public const byte VideoRtxPayloadType = 97;
    public const byte OpusPayloadType = 111;
    public const byte TransportWideCcId = 3;

    private readonly SfuHarness _sfu;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiving;
    private readonly Lock _srtpGate = new();
    private readonly Lock _sendGate = new();
    private readonly List<(byte[] Datagram, bool Rtcp)> _pending = [];
    private readonly ulong _tieBreaker = (ulong)Random.Shared.NextInt64();
    private readonly bool _publishAudio;
    private readonly bool _publishVideo;
    private int _wideSequence;
    private PeerDatagramTransport? _dtlsPipe;
    private DtlsTransport? _dtls;
    private SrtpSession? _srtpIn;
    private SrtpSession? _srtpOut;

    internal TestPeer(SfuHarness sfu, string room, string peerId, bool publishAudio, bool publishVideo)
    {
        _sfu = sfu;
        Room = room;
        PeerId = peerId;
        _publishAudio = publishAudio;
        _publishVideo = publishVideo;
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        AudioSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        VideoSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        VideoRtxSsrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        Audio = new OutgoingStream(AudioSsrc, OpusPayloadType, 960);
        Video = new OutgoingStream(VideoSsrc, VideoPayloadType, 3000);
        _receiving = Task.Run(ReceiveLoopAsync);
    }

    public string Room { get; }

    public string PeerId { get; }

    public IPEndPoint LocalEndPoint { get; }

    public IceCredentials LocalIce { get; } = IceCredentials.Generate();

    public BrowserCertificate Certificate { get; } = BrowserCertificate.Generate();

    public uint AudioSsrc { get; }

    public uint VideoSsrc { get; }

    public uint VideoRtxSsrc { get; }

    public OutgoingStream Audio { get; }

    public OutgoingStream Video { get; }

    public string? TransportId { get; private set; }

    /// <summary>The revision of the offer in <see cref="Offer"/>.</summary>
    public int Revision { get; private set; }

    public SessionDescription? Offer { get; private set; }

    public IceCredentials ServerIce { get; private set; } = new("none", "none");

    public CertificateFingerprint? ServerFingerprint { get; private set; }

    public IPEndPoint ServerEndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    public SrtpProfile? Profile { get; private set; }

    public PacketLog<ReceivedRtp> Rtp { get; } = new();

    public PacketLog<ReceivedRtcp> Rtcp { get; } = new();

    public PacketLog<StunMessage> Stun { get; } = new();

    /// <summary>SRTP or SRTCP from the server that did not unprotect.</summary>
    public int UnprotectFailures { get; private set; }

    private MediaWorker Worker => _sfu.Worker;

    public async Task CreateTransportAsync()
    {
        var offer = await Worker.CreateTransportAsync(Room, PeerId).WaitAsync(Bounds.Wait);
        TransportId = offer.TransportId;
        TakeOffer(offer.Sdp, offer.Revision);
    }

    /// <summary>The answer this peer gives the current offer, as a model a test may spoil.</summary>
    public SessionDescription BuildAnswer() =>
        AnswerWriter.Write(Offer ?? throw new InvalidOperationException("No offer yet."), LocalIce, Certificate.Fingerprint, PeerId,
            _publishAudio ? AudioSsrc : null, _publishVideo ? (VideoSsrc, VideoRtxSsrc) : null);

    public Task ApplyAnswerAsync(string sdp, int revision) =>
        Worker.ApplyAnswerAsync(Room, PeerId, TransportId!, sdp, revision).WaitAsync(Bounds.Wait);

    public Task AnswerAsync() => ApplyAnswerAsync(BuildAnswer().ToString(), Revision);

    /// <summary>Waits for the next offer the server sends this peer (a renegotiation) and takes it.</summary>
    public async Task<MediaOfferReady> TakeNextOfferAsync()
    {
        var revision = Revision;
        var offer = (MediaOfferReady)await _sfu.Events.WaitAsync(
            e => e is MediaOfferReady o && o.PeerId == PeerId && o.Room == Room && o.TransportId == TransportId && o.Revision > revision);
        TakeOffer(offer.Sdp, offer.Revision);
        return offer;
    }

    public async Task ConnectAsync()
    {
        await CheckIceAsync();
        await ConnectDtlsAsync();
    }

    /// <summary>Sends a nominating Binding request (RFC 8445 §7.1.1-7.1.2) until its success response arrives.</summary>
    public async Task<StunMessage> CheckIceAsync()
    {
        var request = BuildBindingRequest(StunTransactionId.NewRandom(), $"{ServerIce.UsernameFragment}:{LocalIce.UsernameFragment}", ServerIce.Password, out var id);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var mark = Stun.Count;
            SendRaw(request);
            try
            {
                var response = await Stun.WaitAsync(m => m.TransactionId == id, mark, TimeSpan.FromSeconds(1));
                if (response.Class != StunClass.SuccessResponse || !response.CheckMessageIntegrity(Encoding.UTF8.GetBytes(ServerIce.Password))
                    || !response.CheckFingerprint())
                {
                    throw new InvalidOperationException($"The server answered the check with {response.Class} {response.ErrorCode}.");
                }

                return response;
            }
            catch (TimeoutException)
            {
                // A datagram lost on a loaded machine: send the check again, as a browser does.
            }
        }

        throw new TimeoutException("The server never answered the ICE check.");
    }

    /// <summary>A Binding request as a browser sends it: USERNAME, PRIORITY, ICE-CONTROLLING, USE-CANDIDATE,
    /// MESSAGE-INTEGRITY with <paramref name="password"/>, FINGERPRINT.</summary>
    public byte[] BuildBindingRequest(StunTransactionId id, string username, string password, out StunTransactionId transactionId)
    {
        var builder = new StunMessageBuilder(StunClass.Request, StunMethod.Binding, id);
        builder.AddUsername(username);
        builder.AddPriority((110u << 24) | (65535u << 8) | 255u);
        builder.AddIceControlling(_tieBreaker);
        builder.AddUseCandidate();
        var bytes = new byte[builder.GetSize(withIntegrity: true, withFingerprint: true)];
        builder.WriteTo(bytes, Encoding.UTF8.GetBytes(password), fingerprint: true);
        transactionId = id;
        return bytes;
    }

    /// <summary>Runs the DTLS client handshake (checking the server's certificate against the offer's
    /// fingerprint) and keys SRTP: client keys out, server keys in (RFC 5764 §4.2).</summary>
    public async Task ConnectDtlsAsync()
    {
        var client = new BrowserDtlsClient(Certificate, BrowserDtlsClient.BothProfiles, ServerFingerprint ?? throw new InvalidOperationException("No offer yet."));
        _dtlsPipe = new PeerDatagramTransport(_socket, ServerEndPoint);
        _dtls = await client.ConnectAsync(_dtlsPipe).WaitAsync(Bounds.Wait);
        var keys = client.Keys ?? throw new InvalidOperationException("The handshake gave no keys.");
        Profile = keys.Profile;
        lock (_srtpGate)
        {
            _srtpIn = new SrtpSession(keys.Profile, keys.ServerMasterKey, keys.ServerMasterSalt);
            lock (_sendGate)
            {
                _srtpOut = new SrtpSession(keys.Profile, keys.ClientMasterKey, keys.ClientMasterSalt);
            }

            foreach (var (datagram, rtcp) in _pending)
            {
                UnprotectLocked(datagram, rtcp);
            }

            _pending.Clear();
        }
    }

    public SentRtp SendVideo(byte[]? payload = null) => Send(Video, payload);

    public SentRtp SendAudio(byte[]? payload = null) => Send(Audio, payload);

    /// <summary>Protects one plain RTP packet with this peer's SRTP context, without sending it.</summary>
    public byte[] ProtectRtp(ReadOnlySpan<byte> plain)
    {
        lock (_sendGate)
        {
            var buffer = new byte[plain.Length + 64];
            plain.CopyTo(buffer);
            var status = (_srtpOut ?? throw new InvalidOperationException("Not connected.")).ProtectRtp(buffer, plain.Length, out var length);
            return status == SrtpStatus.Ok ? buffer[..length] : throw new InvalidOperationException($"SRTP protect: {status}");
        }
    }

    public void SendRtcp(ReadOnlySpan<byte> plain)
    {
        byte[] packet;
        lock (_sendGate)
        {
            var buffer = new byte[plain.Length + 64];
            plain.CopyTo(buffer);
            var status = (_srtpOut ?? throw new InvalidOperationException("Not connected.")).ProtectRtcp(buffer, plain.Length, out var length);
            packet = status == SrtpStatus.Ok ? buffer[..length] : throw new InvalidOperationException($"SRTCP protect: {status}");
        }

        SendRaw(packet);
    }

    public void SendPli(uint mediaSsrc)
    {
        var pli = new byte[PictureLossIndication.Size];
        new PictureLossIndication(AudioSsrc, mediaSsrc).WriteTo(pli);
        SendRtcp(pli);
    }

    public void SendNack(uint mediaSsrc, params ushort[] lost)
    {
        var nack = new byte[GenericNack.GetSize(lost)];
        GenericNack.WriteFromSequenceNumbers(nack, AudioSsrc, mediaSsrc, lost);
        SendRtcp(nack);
    }

    public void SendRaw(ReadOnlySpan<byte> datagram) => _socket.SendTo(datagram, SocketFlags.None, ServerEndPoint);

    public async ValueTask DisposeAsync()
    {
        try
        {
            _dtls?.Close();
        }
        catch (Exception)
        {
            // The server may have closed first; a browser tab closing does not wait either.
        }

        _dtlsPipe?.Close();
        await _stop.CancelAsync();
        _socket.Dispose();
        await _receiving.WaitAsync(Bounds.Wait);
        lock (_srtpGate)
        {
            _srtpIn?.Dispose();
            lock (_sendGate)
            {
                _srtpOut?.Dispose();
            }
        }

        _stop.Dispose();
    }

    private SentRtp Send(OutgoingStream stream, byte[]? payload)
    {
        var (plain, sent) = stream.Next(payload ?? RandomPayload(stream.PayloadType == VideoPayloadType ? 900 : 120), TransportWideCcId,
            (ushort)Interlocked.Increment(ref _wideSequence));
        var protectedPacket = ProtectRtp(plain);
        SendRaw(protectedPacket);
        return sent with { Protected = protectedPacket };
    }

    private static byte[] RandomPayload(int length)
    {
        var payload = new byte[length];
        Random.Shared.NextBytes(payload);
        return payload;
    }

    private void TakeOffer(string sdp, int revision)
    {
        if (!SessionDescription.TryParse(sdp, out var offer, out var error))
        {
            throw new InvalidOperationException($"The server's offer does not parse: {error}\n{sdp}");
        }

        Offer = offer;
        Revision = revision;
        var first = offer.Media[0];
        ServerIce = new IceCredentials(offer.IceUfragOf(first)!, offer.IcePwdOf(first)!);
        CertificateFingerprint.TryParse(offer.FingerprintOf(first)?.ToString(), out var fingerprint);
        ServerFingerprint = fingerprint;
        var candidate = first.Candidates.Single(c => c.IsUdp);
        ServerEndPoint = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port);
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[4096];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            int length;
            try
            {
                var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
                length = result.ReceivedBytes;
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            var datagram = buffer.AsSpan(0, length).ToArray();
            switch (PacketClassifier.Classify(datagram))
            {
                case PacketKind.Stun:
                    if (StunMessage.TryParse(datagram, out var message))
                    {
                        Stun.Add(message);
                    }

                    break;
                case PacketKind.Dtls:
                    _dtlsPipe?.Deliver(datagram);
                    break;
                case PacketKind.Rtp:
                case PacketKind.Rtcp:
                    OnSrtp(datagram, PacketClassifier.Classify(datagram) == PacketKind.Rtcp);
                    break;
                default:
                    break;
            }
        }
    }

    private void OnSrtp(byte[] datagram, bool rtcp)
    {
        lock (_srtpGate)
        {
            if (_srtpIn is null)
            {
                // The server's first SRTCP (a PLI) can overtake the end of our handshake.
                _pending.Add((datagram, rtcp));
                return;
            }

            UnprotectLocked(datagram, rtcp);
        }
    }

    private void UnprotectLocked(byte[] datagram, bool rtcp)
    {
        if (rtcp)
        {
            if (_srtpIn!.UnprotectRtcp(datagram, datagram.Length, out var plain) != SrtpStatus.Ok)
            {
                UnprotectFailures++;
                return;
            }

            foreach (var packet in ReceivedRtcp.Split(datagram.AsSpan(0, plain)))
            {
                Rtcp.Add(packet);
            }

            return;
        }

        if (_srtpIn!.UnprotectRtp(datagram, datagram.Length, out var plainLength) != SrtpStatus.Ok)
        {
            UnprotectFailures++;
            return;
        }

        Rtp.Add(new ReceivedRtp(datagram[..plainLength]));
    }
}
