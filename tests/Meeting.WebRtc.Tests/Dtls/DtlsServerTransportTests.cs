using System.Buffers.Binary;
using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Srtp;
using Org.BouncyCastle.Tls;

namespace Meeting.WebRtc.Tests.Dtls;

public sealed class DtlsServerTransportTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(20);
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Handshake_WithBothProfilesOffered_BothSidesExportSameGcmKeys()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new TestDtlsClient(ClientCertificate, TestDtlsClient.BothProfiles);

        var (serverKeys, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        Assert.Equal(SrtpProfile.AeadAes128Gcm, serverKeys.Profile);
        AssertSameKeys(client.Keys, serverKeys);
        Assert.Equal(16, serverKeys.ClientMasterKey.Length);
        Assert.Equal(12, serverKeys.ClientMasterSalt.Length);
        Assert.NotEqual(serverKeys.ClientMasterKey, serverKeys.ServerMasterKey);
        Assert.True(server.IsConnected);
        Assert.Equal(ServerCertificate.GetDerEncoded(), client.ServerCertificate);
        dtls.Close();
    }

    [Fact]
    public async Task Handshake_ClientOffersOnlyAesCm_GetsAesCm()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new TestDtlsClient(ClientCertificate, [(int)SrtpProfile.Aes128CmHmacSha1_80]);

        var (serverKeys, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, serverKeys.Profile);
        AssertSameKeys(client.Keys, serverKeys);
        Assert.Equal(14, serverKeys.ServerMasterSalt.Length);
        dtls.Close();
    }

    [Fact]
    public async Task Handshake_ServerPreferenceOrder_DecidesBetweenOfferedProfiles()
    {
        var options = new DtlsServerOptions { Profiles = [SrtpProfile.Aes128CmHmacSha1_80, SrtpProfile.AeadAes128Gcm] };
        var (server, pipe, _) = Create(options);
        await using var scope = server;
        var client = new TestDtlsClient(ClientCertificate, TestDtlsClient.BothProfiles);

        var (serverKeys, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, serverKeys.Profile);
        dtls.Close();
    }

    [Fact]
    public async Task Handshake_WrongClientFingerprint_ThrowsFingerprintMismatch()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new TestDtlsClient(ClientCertificate, TestDtlsClient.BothProfiles);
        Task<DtlsTransport> connect = client.ConnectAsync(pipe);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(
            () => server.HandshakeAsync(ServerCertificate.Fingerprint).WaitAsync(Bound));

        Assert.Equal(DtlsHandshakeFailure.FingerprintMismatch, failure.Reason);
        var clientFailure = await Assert.ThrowsAsync<TlsFatalAlertReceived>(() => connect.WaitAsync(Bound));
        Assert.Equal(AlertDescription.bad_certificate, clientFailure.AlertDescription);
        await server.Closed.WaitAsync(Bound);
        Assert.False(server.IsConnected);
    }

    [Fact]
    public async Task Handshake_SilentClient_ThrowsTimeout()
    {
        var (server, _, _) = Create(new DtlsServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) });
        await using var scope = server;

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(
            () => server.HandshakeAsync(ClientCertificate.Fingerprint).WaitAsync(Bound));

        Assert.Equal(DtlsHandshakeFailure.Timeout, failure.Reason);
        await server.Closed.WaitAsync(Bound);
        Assert.False(server.Enqueue(ClientHelloLikeRecord()));
    }

    [Fact]
    public async Task Handshake_CancelledToken_ThrowsOperationCanceled()
    {
        var (server, _, _) = Create();
        await using var scope = server;
        using var cancellation = new CancellationTokenSource();

        Task<DtlsSrtpKeys> handshake = server.HandshakeAsync(ClientCertificate.Fingerprint, cancellation.Token);
        cancellation.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => handshake.WaitAsync(Bound));
        await server.Closed.WaitAsync(Bound);
    }

    [Fact]
    public async Task Enqueue_GarbageBeforeClientHello_IsRefusedAndHandshakeSucceeds()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        byte[] random = new byte[300];
        new Random(6347).NextBytes(random);
        random[0] = 0x80; // not a content type, whatever the seed gave
        byte[] truncated = ClientHelloLikeRecord()[..20];
        byte[] unifiedHeader = [0x2C, 0x00, 0x01, 0x00, 0x04, 0xDE, 0xAD, 0xBE, 0xEF];

        Assert.False(server.Enqueue(random));
        Assert.False(server.Enqueue(truncated));
        Assert.False(server.Enqueue(unifiedHeader));
        Assert.False(server.Enqueue([]));
        Assert.Equal(4, server.DatagramsDropped);

        // Well framed but stray: application data at epoch 0 and a record of an epoch not yet reached.
        Assert.True(server.Enqueue(MakeRecord(DtlsContentType.ApplicationData, epoch: 0, sequence: 9, body: [1, 2, 3])));
        Assert.True(server.Enqueue(MakeRecord(DtlsContentType.Handshake, epoch: 1, sequence: 0, body: new byte[40])));

        var client = new TestDtlsClient(ClientCertificate, TestDtlsClient.BothProfiles);
        var (serverKeys, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        AssertSameKeys(client.Keys, serverKeys);
        Assert.Equal(0, pipe.RefusedByServer);
        dtls.Close();
    }

    [Fact]
    public async Task Handshake_SmallMtuBothWays_FragmentsAndCompletes()
    {
        const int mtu = 250;
        var (server, pipe, _) = Create(new DtlsServerOptions { Mtu = mtu }, clientMtu: mtu);
        await using var scope = server;
        var client = new TestDtlsClient(ClientCertificate, TestDtlsClient.BothProfiles, clientHelloPadding: 600);

        var (serverKeys, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        AssertSameKeys(client.Keys, serverKeys);
        Assert.All(pipe.ServerSent, d => Assert.InRange(d.Length, 1, mtu));
        Assert.Contains(HandshakeFragments(pipe.ClientSent), f => f.Type == HandshakeTypeClientHello && f.Offset > 0);
        Assert.Contains(HandshakeFragments(pipe.ClientSent), f => f.Type == HandshakeTypeCertificate && f.Offset > 0);
        Assert.Contains(HandshakeFragments(pipe.ServerSent), f => f.Type == HandshakeTypeCertificate && f.Offset > 0);
        Assert.Equal(0, pipe.RefusedByServer);
        dtls.Close();
    }

    [Fact]
    public async Task Handshake_ClientHelloLargerThanOneDatagram_CompletesWithoutHelloVerifyRequest()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        // About the size of Firefox's DTLS 1.3 ClientHello with an X25519MLKEM768 key share.
        var client = new TestDtlsClient(ClientCertificate, TestDtlsClient.BothProfiles, clientHelloPadding: 1800);

        var (serverKeys, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        AssertSameKeys(client.Keys, serverKeys);
        Assert.True(HandshakeFragments(pipe.ClientSent).Count(f => f.Type == HandshakeTypeClientHello) >= 2);
        Assert.DoesNotContain(HandshakeFragments(pipe.ServerSent), f => f.Type == HandshakeTypeHelloVerifyRequest);
        dtls.Close();
    }

    [Fact]
    public async Task Handshake_DefaultMtu_KeepsEveryServerDatagramUnderIt()
    {
        var (server, pipe, options) = Create();
        await using var scope = server;
        var client = new TestDtlsClient(ClientCertificate, TestDtlsClient.BothProfiles);

        var (_, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        Assert.NotEmpty(pipe.ServerSent);
        Assert.All(pipe.ServerSent, d => Assert.InRange(d.Length, 1, options.Mtu));
        Assert.All(pipe.ServerSent, d => Assert.True(DtlsRecordFraming.IsWellFramed(d)));
        dtls.Close();
    }

    [Fact]
    public async Task Handshake_ClientWithoutSharedProfile_FailsWithAlertSent()
    {
        const int srtpAes128CmHmacSha1_32 = 0x0002;
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new TestDtlsClient(ClientCertificate, [srtpAes128CmHmacSha1_32]);
        Task<DtlsTransport> connect = client.ConnectAsync(pipe);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(
            () => server.HandshakeAsync(ClientCertificate.Fingerprint).WaitAsync(Bound));

        Assert.Equal(DtlsHandshakeFailure.AlertSent, failure.Reason);
        Assert.Equal((byte)AlertDescription.handshake_failure, failure.AlertDescription);
        await Assert.ThrowsAnyAsync<Exception>(() => connect.WaitAsync(Bound));
    }

    [Fact]
    public async Task Handshake_ClientWithoutExtendedMasterSecret_IsRefused()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new TestDtlsClient(ClientCertificate, TestDtlsClient.BothProfiles, offerExtendedMasterSecret: false);
        Task<DtlsTransport> connect = client.ConnectAsync(pipe);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(
            () => server.HandshakeAsync(ClientCertificate.Fingerprint).WaitAsync(Bound));

        Assert.Equal(DtlsHandshakeFailure.AlertSent, failure.Reason);
        await Assert.ThrowsAnyAsync<Exception>(() => connect.WaitAsync(Bound));
    }

    [Fact]
    public async Task Enqueue_QueueFull_ReturnsFalse()
    {
        var (server, _, _) = Create(new DtlsServerOptions { ReceiveQueueCapacity = 4 });
        await using var scope = server;

        for (int i = 0; i < 4; i++)
        {
            Assert.True(server.Enqueue(ClientHelloLikeRecord()));
        }

        Assert.False(server.Enqueue(ClientHelloLikeRecord()));
        Assert.Equal(4, server.DatagramsQueued);
        Assert.Equal(1, server.DatagramsDropped);
    }

    [Fact]
    public async Task Closed_ClientSendsCloseNotify_Completes()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new TestDtlsClient(ClientCertificate, TestDtlsClient.BothProfiles);
        var (_, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);
        Assert.False(server.Closed.IsCompleted);

        dtls.Close();

        await server.Closed.WaitAsync(Bound);
        Assert.False(server.IsConnected);
        Assert.False(server.Enqueue(ClientHelloLikeRecord()));
    }

    [Fact]
    public async Task DisposeAsync_AfterHandshake_SendsCloseNotifyAndCompletesClosed()
    {
        var (server, pipe, _) = Create();
        var client = new TestDtlsClient(ClientCertificate, TestDtlsClient.BothProfiles);
        var (_, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        await server.DisposeAsync().AsTask().WaitAsync(Bound);

        Assert.True(server.Closed.IsCompleted);
        Assert.False(server.IsConnected);
        byte[] last = pipe.ServerSent[^1];
        Assert.True(DtlsRecordFraming.TryReadHeader(last, out DtlsRecordHeader header));
        Assert.Equal(DtlsContentType.Alert, header.ContentType);
        Assert.Equal(1, header.Epoch);
        dtls.Close();
    }

    [Fact]
    public async Task DisposeAsync_DuringHandshake_FailsHandshakeWithDisposed()
    {
        var (server, _, _) = Create();
        Task<DtlsSrtpKeys> handshake = server.HandshakeAsync(ClientCertificate.Fingerprint);

        await server.DisposeAsync().AsTask().WaitAsync(Bound);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake.WaitAsync(Bound));
        Assert.Equal(DtlsHandshakeFailure.Disposed, failure.Reason);
        Assert.True(server.Closed.IsCompleted);
    }

    [Fact]
    public async Task DisposeAsync_WithoutHandshake_CompletesClosed()
    {
        var (server, _, _) = Create();

        await server.DisposeAsync().AsTask().WaitAsync(Bound);

        Assert.True(server.Closed.IsCompleted);
        Assert.False(server.Enqueue(ClientHelloLikeRecord()));
    }

    [Fact]
    public async Task HandshakeAsync_CalledTwice_Throws()
    {
        var (server, _, _) = Create();
        await using var scope = server;
        _ = server.HandshakeAsync(ClientCertificate.Fingerprint);

        Exception? second = Record.Exception(() => { _ = server.HandshakeAsync(ClientCertificate.Fingerprint); });

        Assert.IsType<InvalidOperationException>(second);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(4096)]
    public void Constructor_MtuOutOfRange_Throws(int mtu) =>
        Assert.Throws<ArgumentOutOfRangeException>(
            () => new DtlsServerTransport(ServerCertificate, new DtlsServerOptions { Mtu = mtu }, _ => { }));

    [Fact]
    public void Constructor_NoProfiles_Throws() =>
        Assert.Throws<ArgumentException>(
            () => new DtlsServerTransport(ServerCertificate, new DtlsServerOptions { Profiles = [] }, _ => { }));

    private const byte HandshakeTypeClientHello = 1;
    private const byte HandshakeTypeHelloVerifyRequest = 3;
    private const byte HandshakeTypeCertificate = 11;

    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate(Now);
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate(Now);

    private static (DtlsServerTransport Server, InMemoryDatagramPipe Pipe, DtlsServerOptions Options) Create(
        DtlsServerOptions? options = null, int clientMtu = 1200)
    {
        options ??= new DtlsServerOptions();
        var pipe = new InMemoryDatagramPipe(clientMtu);
        var server = new DtlsServerTransport(ServerCertificate, options, pipe.DeliverToClient);
        pipe.Attach(server);
        return (server, pipe, options);
    }

    private static async Task<(DtlsSrtpKeys Keys, DtlsTransport Client)> HandshakeAsync(DtlsServerTransport server,
        InMemoryDatagramPipe pipe, TestDtlsClient client, CertificateFingerprint expected)
    {
        Task<DtlsTransport> connect = client.ConnectAsync(pipe);
        DtlsSrtpKeys keys = await server.HandshakeAsync(expected).WaitAsync(Bound);
        DtlsTransport transport = await connect.WaitAsync(Bound);
        return (keys, transport);
    }

    private static void AssertSameKeys(DtlsSrtpKeys? client, DtlsSrtpKeys server)
    {
        Assert.NotNull(client);
        Assert.Equal(server.Profile, client.Profile);
        Assert.Equal(server.ClientMasterKey, client.ClientMasterKey);
        Assert.Equal(server.ClientMasterSalt, client.ClientMasterSalt);
        Assert.Equal(server.ServerMasterKey, client.ServerMasterKey);
        Assert.Equal(server.ServerMasterSalt, client.ServerMasterSalt);
    }

    /// <summary>A handshake record at epoch 0 with a body that looks like the start of a ClientHello.</summary>
    private static byte[] ClientHelloLikeRecord() =>
        MakeRecord(DtlsContentType.Handshake, epoch: 0, sequence: 0, body: [HandshakeTypeClientHello, 0, 0, 40, .. new byte[48]]);

    private static byte[] MakeRecord(DtlsContentType type, ushort epoch, ulong sequence, byte[] body)
    {
        byte[] record = new byte[DtlsRecordHeader.Size + body.Length];
        new DtlsRecordHeader(type, DtlsRecordFraming.DtlsVersion12, epoch, sequence, (ushort)body.Length).WriteTo(record);
        body.CopyTo(record, DtlsRecordHeader.Size);
        return record;
    }

    /// <summary>The plaintext (epoch 0) handshake fragments of the given datagrams (RFC 6347 §4.2.2 header).</summary>
    private static List<(byte Type, int Offset)> HandshakeFragments(IEnumerable<byte[]> datagrams)
    {
        var fragments = new List<(byte, int)>();
        foreach (byte[] datagram in datagrams)
        {
            ReadOnlySpan<byte> rest = datagram;
            while (DtlsRecordFraming.TryReadHeader(rest, out DtlsRecordHeader header)
                && rest.Length >= DtlsRecordHeader.Size + header.Length)
            {
                ReadOnlySpan<byte> body = rest.Slice(DtlsRecordHeader.Size, header.Length);
                if (header.ContentType == DtlsContentType.Handshake && header.Epoch == 0 && body.Length >= 12)
                {
                    int offset = (body[6] << 16) | BinaryPrimitives.ReadUInt16BigEndian(body[7..]);
                    fragments.Add((body[0], offset));
                }

                rest = rest[(DtlsRecordHeader.Size + header.Length)..];
            }
        }

        return fragments;
    }
}
