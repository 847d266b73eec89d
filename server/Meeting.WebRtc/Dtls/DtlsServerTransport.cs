using System.Buffers;
using Meeting.WebRtc.Dtls.Internal;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Meeting.WebRtc.Dtls;

/// <summary>The DTLS server of one WebRTC transport (the SFU is always the DTLS server: its SDP says
/// a=setup:passive or actpass, RFC 8842 §5.3). The socket loop feeds it datagrams with <see cref="Enqueue"/>
/// and sends what it hands to the send callback; <see cref="HandshakeAsync"/> yields the SRTP keys.</summary>
/// <remarks>BouncyCastle's DTLS engine blocks, so the handshake runs on a long-running task of its own that reads
/// a bounded queue. That thread ends with the handshake: a transport that only carries SRTP afterwards needs no
/// thread of its own (a server with a thousand peers would otherwise hold a thousand idle threads). A DTLS
/// datagram that arrives later is read on the thread pool, as it comes, by the same record layer, so a
/// retransmitted client Finished flight is still answered (RFC 6347 §4.2.4) and close_notify still seen. There is no HelloVerifyRequest round (RFC 6347 §4.2.1): the SFU
/// feeds only datagrams from the ICE-verified address, which already proves the address is live, and skipping it
/// lets a fragmented ClientHello (Firefox's DTLS 1.3 offer with a post-quantum key share) reach the engine.</remarks>
public sealed class DtlsServerTransport : IAsyncDisposable
{
    /// <summary>How long <see cref="DisposeAsync"/> waits for the engine's task to end.</summary>
    public static readonly TimeSpan DisposeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Receive wait of a post-handshake read: it returns once the queue has been empty this long.</summary>
    private const int ConnectedReceiveWaitMillis = 1;

    private readonly DtlsCertificate _certificate;
    private readonly DtlsServerOptions _options;
    private readonly DatagramQueue _queue;
    private readonly QueueDatagramTransport _transport;
    private readonly TaskCompletionSource<DtlsSrtpKeys> _handshake =
        new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _engine;
    private DtlsTransport? _dtls;
    private SrtpDtlsServer? _connectedServer;
    private int _reading;
    private int _started;
    private int _disposed;
    private volatile bool _connected;
    private volatile bool _timedOut;
    private long _datagramsQueued;
    private long _datagramsDropped;

    /// <param name="sendDatagram">Sends one datagram to the peer; called on the engine's thread (and on the
    /// disposing thread for close_notify). The memory is the callee's to keep.</param>
    public DtlsServerTransport(DtlsCertificate certificate, DtlsServerOptions options,
        Action<ReadOnlyMemory<byte>> sendDatagram)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sendDatagram);
        options.Validate();
        _certificate = certificate;
        _options = options;
        _queue = new DatagramQueue(options.ReceiveQueueCapacity);
        _transport = new QueueDatagramTransport(_queue, options.Mtu, sendDatagram);
    }

    /// <summary>True from a completed handshake until close_notify, a fatal alert or disposal.</summary>
    public bool IsConnected => _connected;

    /// <summary>Completes when the connection ends: the peer's close_notify or fatal alert, a failed
    /// handshake, or disposal. Never faults.</summary>
    public Task Closed => _closed.Task;

    /// <summary>Whether the handshake's own thread is still running (it ends with the handshake).</summary>
    internal bool HoldsEngineThread => Volatile.Read(ref _engine) is { IsCompleted: false };

    /// <summary>Datagrams accepted by <see cref="Enqueue"/>.</summary>
    public long DatagramsQueued => Interlocked.Read(ref _datagramsQueued);

    /// <summary>Datagrams refused by <see cref="Enqueue"/>: not well framed, queue full, or closed.</summary>
    public long DatagramsDropped => Interlocked.Read(ref _datagramsDropped);

    /// <summary>Datagrams handed to the send callback.</summary>
    public long DatagramsSent => _transport.DatagramsSent;

    /// <summary>Send callbacks that threw (counted as lost datagrams).</summary>
    public long SendFailures => _transport.SendFailures;

    /// <summary>Queues a copy of one DTLS datagram from the ICE-verified remote address. Never blocks, never
    /// throws: returns false and drops it when it is not well framed (<see cref="DtlsRecordFraming"/>), the
    /// queue is full, or the transport is closed.</summary>
    public bool Enqueue(ReadOnlySpan<byte> datagram)
    {
        if (DtlsRecordFraming.IsWellFramed(datagram) && _queue.TryEnqueue(datagram))
        {
            Interlocked.Increment(ref _datagramsQueued);
            ScheduleConnectedRead();
            return true;
        }

        Interlocked.Increment(ref _datagramsDropped);
        return false;
    }

    /// <summary>Runs the server handshake and returns the SRTP keys. Datagrams queued before the call are
    /// used. Callable once.</summary>
    /// <param name="expectedClientFingerprint">The a=fingerprint of the client's SDP; the client's leaf
    /// certificate must match it.</param>
    /// <exception cref="DtlsHandshakeException">Timeout, fingerprint mismatch, an alert, or disposal.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled; the
    /// transport is closed then.</exception>
    public Task<DtlsSrtpKeys> HandshakeAsync(
        CertificateFingerprint expectedClientFingerprint, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expectedClientFingerprint);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The DTLS handshake was already started.");
        }

        _engine = Task.Factory.StartNew(
            () => RunEngine(expectedClientFingerprint),
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        return WaitForHandshakeAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            // Sends close_notify while the send path is still open, then closes the queue (BouncyCastle calls
            // back into QueueDatagramTransport.Close), which wakes the engine's blocked receive.
            Volatile.Read(ref _dtls)?.Close();
        }
        catch (Exception)
        {
            // Nothing to do: the queue is completed below either way.
        }

        _queue.Complete();
        _handshake.TrySetException(new DtlsHandshakeException(DtlsHandshakeFailure.Disposed, "The DTLS transport was disposed."));
        _ = _handshake.Task.Exception;

        Task? engine = Interlocked.CompareExchange(ref _engine, null, null);
        if (engine is not null)
        {
            try
            {
                await engine.WaitAsync(DisposeTimeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                // The engine is stuck in a callback of ours; it ends when that returns, as the queue is completed.
            }
        }

        EndConnection();
    }

    private async Task<DtlsSrtpKeys> WaitForHandshakeAsync(CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            return await _handshake.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            bool cancelled = cancellationToken.IsCancellationRequested;
            Exception failure = cancelled
                ? new OperationCanceledException("The DTLS handshake was cancelled.", cancellationToken)
                : new DtlsHandshakeException(DtlsHandshakeFailure.Timeout,
                    $"No DTLS handshake within {_options.HandshakeTimeout.TotalSeconds:0.###} s.");
            if (!_handshake.TrySetException(failure))
            {
                // The engine finished first, with keys or with its own failure.
                return await _handshake.Task.ConfigureAwait(false);
            }

            _ = _handshake.Task.Exception;
            _timedOut = !cancelled;
            _queue.Complete();
            throw failure;
        }
    }

    private void RunEngine(CertificateFingerprint expectedClientFingerprint)
    {
        var server = new SrtpDtlsServer(new BcTlsCrypto(new SecureRandom()), _certificate, _options.Profiles,
            expectedClientFingerprint, _options.HandshakeTimeout);
        try
        {
            DtlsTransport dtls;
            try
            {
                dtls = new DtlsServerProtocol().Accept(server, _transport);
            }
            catch (Exception e)
            {
                _handshake.TrySetException(DescribeFailure(e, server));
                return;
            }

            Volatile.Write(ref _dtls, dtls);
            if (server.Keys is not { } keys || _queue.IsCompleted)
            {
                dtls.Close();
                _handshake.TrySetException(new DtlsHandshakeException(DtlsHandshakeFailure.Disposed,
                    "The DTLS transport was closed as the handshake completed."));
                return;
            }

            _connected = true;
            if (!_handshake.TrySetResult(keys))
            {
                dtls.Close();
                return;
            }

            // From here on the record layer is read only when a datagram comes (ScheduleConnectedRead), and
            // this thread ends: datagrams queued meanwhile are read at once.
            Volatile.Write(ref _connectedServer, server);
            ScheduleConnectedRead();
        }
        finally
        {
            if (Volatile.Read(ref _connectedServer) is null)
            {
                EndConnection();
            }
        }
    }

    /// <summary>After the handshake, reads what is queued on the thread pool, one reader at a time.</summary>
    private void ScheduleConnectedRead()
    {
        if (Volatile.Read(ref _connectedServer) is not null && _queue.Count > 0 && Interlocked.CompareExchange(ref _reading, 1, 0) == 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static transport => transport.ReadConnected(), this, preferLocal: false);
        }
    }

    /// <summary>Lets the record layer read until the queue is empty: it answers retransmitted client flights
    /// itself; close_notify, a fatal alert or the queue's completion end the connection. Application data (no
    /// data channels on this transport yet) is read and discarded.</summary>
    private void ReadConnected()
    {
        var dtls = Volatile.Read(ref _dtls)!;
        var server = Volatile.Read(ref _connectedServer)!;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, dtls.GetReceiveLimit()));
        try
        {
            while (true)
            {
                while (_queue.Count > 0 && !server.PeerClosed)
                {
                    dtls.Receive(buffer, 0, buffer.Length, ConnectedReceiveWaitMillis);
                }

                if (server.PeerClosed || _queue.IsCompleted)
                {
                    EndConnection();
                    return;
                }

                Volatile.Write(ref _reading, 0);
                // A datagram queued after the last look but before the flag cleared would wait for the next one.
                if (_queue.Count == 0 || Interlocked.CompareExchange(ref _reading, 1, 0) != 0)
                {
                    return;
                }
            }
        }
        catch (Exception)
        {
            // A fatal alert from the peer, or the queue completed under the receive: either way the end.
            EndConnection();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void EndConnection()
    {
        _connected = false;
        _queue.Complete();
        _closed.TrySetResult();
    }

    private DtlsHandshakeException DescribeFailure(Exception exception, SrtpDtlsServer server)
    {
        if (server.FingerprintMismatch)
        {
            return new DtlsHandshakeException(DtlsHandshakeFailure.FingerprintMismatch,
                (byte)AlertDescription.bad_certificate, "The client's certificate does not match its SDP fingerprint.", exception);
        }

        return exception switch
        {
            TlsFatalAlertReceived received => new DtlsHandshakeException(DtlsHandshakeFailure.AlertReceived,
                (byte)received.AlertDescription, $"The client sent a fatal {AlertDescription.GetText(received.AlertDescription)} alert.", exception),
            // Our own teardown (dispose, timeout, cancellation) surfaces from the engine as the queue's IOException.
            _ when Volatile.Read(ref _disposed) != 0 => new DtlsHandshakeException(DtlsHandshakeFailure.Disposed,
                "The DTLS transport was disposed during the handshake.", exception),
            TlsTimeoutException => new DtlsHandshakeException(DtlsHandshakeFailure.Timeout,
                "The DTLS handshake timed out.", exception),
            _ when _timedOut => new DtlsHandshakeException(DtlsHandshakeFailure.Timeout,
                "The DTLS handshake timed out.", exception),
            TlsFatalAlert sent => new DtlsHandshakeException(DtlsHandshakeFailure.AlertSent,
                (byte)sent.AlertDescription, $"The handshake failed with {AlertDescription.GetText(sent.AlertDescription)}: {sent.Message}", exception),
            _ => new DtlsHandshakeException(DtlsHandshakeFailure.AlertSent, (byte)AlertDescription.internal_error,
                "The DTLS handshake failed: " + exception.Message, exception),
        };
    }
}
