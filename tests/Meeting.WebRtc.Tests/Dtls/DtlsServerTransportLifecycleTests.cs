using Meeting.WebRtc.Dtls;
using static Meeting.WebRtc.Tests.Dtls.DtlsTestPeers;

namespace Meeting.WebRtc.Tests.Dtls;

/// <summary>The bounded queue, close_notify, disposal and argument checks.</summary>
public sealed class DtlsServerTransportLifecycleTests
{
    [Fact]
    public async Task Connected_ApplicationDataThenCloseNotify_ClosesCleanly()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles);
        var (_, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);
        long queuedBefore = server.DatagramsQueued;

        dtls.Send([1, 2, 3, 4], 0, 4);
        dtls.Close();

        await server.Closed.WaitAsync(Bound);
        Assert.Equal(queuedBefore + 2, server.DatagramsQueued);
    }

    [Fact]
    public async Task Connected_HoldsNoThreadOfItsOwn_YetStillReadsCloseNotify()
    {
        var (server, pipe, _) = Create();
        await using var scope = server;
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles);
        var (_, dtls) = await HandshakeAsync(server, pipe, client, ClientCertificate.Fingerprint);

        var deadline = DateTime.UtcNow + Bound;
        while (server.HoldsEngineThread && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        Assert.False(server.HoldsEngineThread);
        Assert.True(server.IsConnected);
        dtls.Close();
        await server.Closed.WaitAsync(Bound);
        Assert.False(server.IsConnected);
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
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles);
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
        var client = new BrowserDtlsClient(ClientCertificate, BrowserDtlsClient.BothProfiles);
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
}
