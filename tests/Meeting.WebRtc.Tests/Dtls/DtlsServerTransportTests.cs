using System.Buffers.Binary;
using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Srtp;
using static Meeting.WebRtc.Tests.Dtls.DtlsTestPeers;

namespace Meeting.WebRtc.Tests.Dtls;

/// <summary>Handshakes that complete: keys, profile choice, fragmentation, loss, stray datagrams.</summary>
public sealed class DtlsServerTransportTests
{
    [Fact]
    public async Task Handshake_WithBothProfilesOffered_BothSidesExportSameGcmKeys()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles);

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
        var client = new BrowserDtlsClient(ClientCertificate, [(int)SrtpProfile.Aes128CmHmacSha1_80]);

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
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles);

        var (serverKeys, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        Assert.Equal(SrtpProfile.Aes128CmHmacSha1_80, serverKeys.Profile);
        dtls.Close();
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

        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles);
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
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles, clientHelloPadding: 600);

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
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles, clientHelloPadding: 1800);

        var (serverKeys, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        AssertSameKeys(client.Keys, serverKeys);
        Assert.True(HandshakeFragments(pipe.ClientSent).Count(f => f.Type == HandshakeTypeClientHello) >= 2);
        Assert.DoesNotContain(HandshakeFragments(pipe.ServerSent), f => f.Type == HandshakeTypeHelloVerifyRequest);
        dtls.Close();
    }

    [Fact]
    public async Task Handshake_Dtls13OfferWithPostQuantumKeyShare_FallsBackToDtls12()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles) { OfferDtls13 = true };

        var (serverKeys, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        AssertSameKeys(client.Keys, serverKeys);
        Assert.True(HandshakeFragments(pipe.ClientSent).Count(f => f.Type == HandshakeTypeClientHello) >= 2);
        // The ServerHello's server_version (after the 13-byte record and 12-byte handshake headers) is DTLS 1.2.
        byte[] serverHello = pipe.ServerSent[0];
        Assert.Equal(2, serverHello[DtlsRecordHeader.Size]);
        Assert.Equal(DtlsRecordFraming.DtlsVersion12, BinaryPrimitives.ReadUInt16BigEndian(serverHello.AsSpan(DtlsRecordHeader.Size + 12)));
        // No RFC 8446 §4.1.3 downgrade marker ("DOWNGRD" + 0x01) in the random: 1.2 is this server's best, and
        // Firefox aborts a handshake whose ServerHello carries one.
        ReadOnlySpan<byte> randomTail = serverHello.AsSpan(DtlsRecordHeader.Size + 12 + 2 + 24, 8);
        Assert.False(randomTail[..7].SequenceEqual("DOWNGRD"u8));
        dtls.Close();
    }

    [Fact]
    public async Task Handshake_ServerFinishedLost_IsRetransmittedAfterHandshakeCompletes()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        int dropped = 0;
        // Lose the server's last flight (ChangeCipherSpec and the epoch-1 Finished) once.
        pipe.DropServerDatagram = d => DtlsRecordFraming.TryReadHeader(d, out var h)
            && (h.ContentType == DtlsContentType.ChangeCipherSpec || h.Epoch == 1)
            && Interlocked.Increment(ref dropped) <= 2;
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles);

        var (serverKeys, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        AssertSameKeys(client.Keys, serverKeys);
        Assert.True(Volatile.Read(ref dropped) > 2);
        dtls.Close();
    }

    [Fact]
    public async Task Handshake_DefaultMtu_KeepsEveryServerDatagramUnderIt()
    {
        var (server, pipe, options) = Create();
        await using var scope = server;
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles);

        var (_, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        Assert.NotEmpty(pipe.ServerSent);
        Assert.All(pipe.ServerSent, d => Assert.InRange(d.Length, 1, options.Mtu));
        Assert.All(pipe.ServerSent, d => Assert.True(DtlsRecordFraming.IsWellFramed(d)));
        dtls.Close();
    }
}
