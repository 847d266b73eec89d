using Meeting.WebRtc.Dtls;
using Org.BouncyCastle.Tls;
using static Meeting.WebRtc.Tests.Dtls.DtlsTestPeers;

namespace Meeting.WebRtc.Tests.Dtls;

/// <summary>Handshakes that fail, and the reason each failure reports.</summary>
public sealed class DtlsServerTransportFailureTests
{
    [Fact]
    public async Task Handshake_WrongClientFingerprint_ThrowsFingerprintMismatch()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles);
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
    public async Task Handshake_ClientRejectsServerCertificate_ThrowsAlertReceived()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles) { RejectServerCertificate = true };
        Task<DtlsTransport> connect = client.ConnectAsync(pipe);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(
            () => server.HandshakeAsync(ClientCertificate.Fingerprint).WaitAsync(Bound));

        Assert.Equal(DtlsHandshakeFailure.AlertReceived, failure.Reason);
        Assert.Equal((byte)AlertDescription.bad_certificate, failure.AlertDescription);
        await Assert.ThrowsAsync<TlsFatalAlert>(() => connect.WaitAsync(Bound));
    }

    [Fact]
    public async Task Handshake_ClientWithoutSharedProfile_FailsWithAlertSent()
    {
        const int srtpAes128CmHmacSha1_32 = 0x0002;
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new BrowserDtlsClient(ClientCertificate, [srtpAes128CmHmacSha1_32]);
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
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles, offerExtendedMasterSecret: false);
        Task<DtlsTransport> connect = client.ConnectAsync(pipe);

        var failure = await Assert.ThrowsAsync<DtlsHandshakeException>(
            () => server.HandshakeAsync(ClientCertificate.Fingerprint).WaitAsync(Bound));

        Assert.Equal(DtlsHandshakeFailure.AlertSent, failure.Reason);
        await Assert.ThrowsAnyAsync<Exception>(() => connect.WaitAsync(Bound));
    }
}
