using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Meeting.Sfu.Internal;
using Meeting.Sfu.Internal.Io;
using Meeting.WebRtc.Demux;
using Meeting.WebRtc.Stun;
using Microsoft.Extensions.Logging;

namespace Meeting.Sfu;

/// <summary>
/// The site's one UDP media port, shared by every <see cref="WebRtcTransport"/> (mediasoup's
/// WebRtcServer). A single loop thread owns the socket and every router: it reads datagrams, hands each
/// to its transport — by ICE username for STUN (RFC 8445 §7.3), by the address ICE verified for
/// everything else — runs the commands other threads post, and the transports' timers. Datagrams come
/// in and go out in batches (<see cref="DatagramIo"/>: recvmmsg/sendmmsg on Linux), so one system call
/// carries a burst of packets and their fan-out. Nothing on this path allocates per packet, and no state
/// needs a lock, because only this thread touches it.
/// </summary>
public sealed class WebRtcServer : IDisposable
{
    private const int PollMicroseconds = 5_000;
    private const int MaxDatagramsPerWake = 512;
    private const int ReceiveBatch = 64;
    // A datagram waits in its send slot until every slot is taken or the receive batch ends, so the
    // slot count bounds how long a copy waits for the copies queued after it: with 256 slots, a full
    // batch in (64 packets to 8 consumers) held its first copies back for ~255 protects (0.4-0.5 ms at
    // 1.6-2 us each); 32 slots hold them back for 31 at most (~60 us), and one sendmmsg still carries
    // 32 datagrams, enough to spread the call's own cost thin.
    internal const int SendSlots = 32;
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(10);

    private readonly Socket _socket;
    private readonly Thread _thread;
    private readonly ConcurrentQueue<Action> _commands = new();
    private readonly Dictionary<string, WebRtcTransport> _byUfrag = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WebRtcTransport>.AlternateLookup<ReadOnlySpan<char>> _byUfragSpan;
    private readonly Dictionary<EndpointKey, WebRtcTransport> _byEndpoint = [];
    private readonly HashSet<WebRtcTransport> _transports = [];
    // The transports a tick visits, copied because a tick may close some; reused from tick to tick.
    private readonly List<WebRtcTransport> _ticking = [];
    private readonly DatagramIo _io;
    private readonly SocketAddress _receiveAddress;
    private readonly TimeProvider _time;
    private readonly long _origin;
    private readonly ILogger _logger;
    private volatile bool _stopping;
    private TimeSpan _nextTick;
    private long _loopAllocated;
    private int _largestSend;

    private WebRtcServer(Socket socket, SfuOptions options, SfuMetrics metrics, TimeProvider time, ILogger logger)
    {
        _socket = socket;
        Options = options;
        Metrics = metrics;
        _time = time;
        _origin = time.GetTimestamp();
        _logger = logger;
        _byUfragSpan = _byUfrag.GetAlternateLookup<ReadOnlySpan<char>>();
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        AnnouncedAddress = IPAddress.Parse(string.IsNullOrWhiteSpace(options.AnnouncedIp) ? options.ListenIp : options.AnnouncedIp);
        _receiveAddress = new SocketAddress(LocalEndPoint.AddressFamily);
        _io = DatagramIo.Create(socket, ReceiveBatch, SendSlots);
        _thread = new Thread(Run) { IsBackground = true, Name = "meeting-media" };
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>The address ICE candidates carry: the site's public IP.</summary>
    public IPAddress AnnouncedAddress { get; }

    public int AnnouncedPort => LocalEndPoint.Port;

    internal SfuOptions Options { get; }

    internal SfuMetrics Metrics { get; }

    internal int TransportCount => _transports.Count;

    /// <summary>Monotonic time of the media loop.</summary>
    internal TimeSpan Now => _time.GetElapsedTime(_origin);

    /// <summary>Bytes the loop thread has allocated since it started (read on that thread at each wake):
    /// what the tests use to pin that forwarding allocates nothing per packet.</summary>
    internal long LoopAllocatedBytes => Volatile.Read(ref _loopAllocated);

    /// <summary>The most datagrams the loop has handed to the kernel in one call: what the tests use to
    /// pin that a burst's copies leave in calls of at most <see cref="SendSlots"/>.</summary>
    internal int LargestSend => Volatile.Read(ref _largestSend);

    /// <summary>Binds the media port (throws <see cref="SocketException"/> when it is taken) and starts the loop.</summary>
    public static WebRtcServer Start(SfuOptions options, SfuMetrics metrics, TimeProvider time, ILogger logger)
    {
        var address = IPAddress.Parse(options.ListenIp);
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            // Room for a burst of a few hundred packets while the loop is busy forwarding.
            socket.ReceiveBufferSize = 4 * 1024 * 1024;
            socket.SendBufferSize = 4 * 1024 * 1024;
            socket.Bind(new IPEndPoint(address, options.Port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var server = new WebRtcServer(socket, options, metrics, time, logger);
        server._thread.Start();
        return server;
    }

    /// <summary>Runs <paramref name="command"/> on the media loop.</summary>
    internal void Post(Action command) => _commands.Enqueue(command);

    /// <summary>Runs <paramref name="command"/> on the media loop and returns its result.</summary>
    internal Task<T> InvokeAsync<T>(Func<T> command)
    {
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(() =>
        {
            try
            {
                completion.SetResult(command());
            }
            catch (Exception ex)
            {
                completion.SetException(ex);
            }
        });
        return completion.Task;
    }

    /// <summary>Sends a copy of <paramref name="datagram"/>: queued in the next batch on the loop thread,
    /// straight through the socket on any other (BouncyCastle's handshake threads).</summary>
    internal void Send(ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        if (Environment.CurrentManagedThreadId == _thread.ManagedThreadId && datagram.Length <= DatagramIo.MaxDatagram)
        {
            var buffer = RentSendBuffer();
            datagram.CopyTo(buffer);
            CommitSend(datagram.Length, to);
            return;
        }

        try
        {
            _socket.SendTo(datagram, SocketFlags.None, to);
            Metrics.PacketsSent(1, datagram.Length);
        }
        catch (SocketException ex)
        {
            // A full send buffer or an unreachable peer costs this datagram only; media tolerates loss.
            Metrics.SendFailed(1);
            _logger.LogDebug("Media send failed: {Error}", ex.SocketErrorCode);
        }
    }

    /// <summary>Loop thread only: the buffer to build the next outgoing datagram in, at offset 0. Nothing
    /// is sent unless <see cref="CommitSend"/> follows.</summary>
    internal byte[] RentSendBuffer()
    {
        var buffer = _io.NextSendBuffer(out var flushed);
        Count(flushed);
        return buffer;
    }

    /// <summary>Loop thread only: queues the datagram built in <see cref="RentSendBuffer"/>'s buffer.</summary>
    internal void CommitSend(int length, SocketAddress to) => _io.Commit(length, to);

    internal void Register(WebRtcTransport transport)
    {
        _transports.Add(transport);
        _byUfrag[transport.LocalUfrag] = transport;
    }

    internal void RegisterUfrag(WebRtcTransport transport, string ufrag) => _byUfrag[ufrag] = transport;

    internal void UnregisterUfrag(string ufrag) => _byUfrag.Remove(ufrag);

    internal void RegisterEndpoint(WebRtcTransport transport, EndpointKey key)
    {
        if (_byEndpoint.TryGetValue(key, out var other) && other != transport)
        {
            other.ForgetEndpoint(key);
        }

        _byEndpoint[key] = transport;
    }

    internal void UnregisterEndpoint(WebRtcTransport transport, EndpointKey key)
    {
        if (_byEndpoint.TryGetValue(key, out var current) && current == transport)
        {
            _byEndpoint.Remove(key);
        }
    }

    internal void Unregister(WebRtcTransport transport)
    {
        _transports.Remove(transport);
        foreach (var ufrag in transport.Ufrags)
        {
            if (_byUfrag.TryGetValue(ufrag, out var t) && t == transport)
            {
                _byUfrag.Remove(ufrag);
            }
        }

        foreach (var key in transport.Endpoints)
        {
            UnregisterEndpoint(transport, key);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (_thread.IsAlive && !_thread.Join(TimeSpan.FromSeconds(2)))
        {
            _logger.LogWarning("The media loop did not stop within 2 s");
        }

        if (_thread.IsAlive)
        {
            // A loop still running may be inside a batch call: its buffers and the socket (whose
            // handle the batch I/O holds) stay until the process ends.
            return;
        }

        // The batch I/O first: it holds the socket's handle, and closing a socket waits for its holders.
        _io.Dispose();
        _socket.Dispose();
    }

    private void Run()
    {
        var idle = true;
        while (!_stopping)
        {
            try
            {
                // Sleep in the kernel only when the last round found nothing queued: under load the
                // loop goes straight from one batch to the next.
                if (idle)
                {
                    _socket.Poll(PollMicroseconds, SelectMode.SelectRead);
                }

                idle = ReceiveBatches() == 0;

                while (_commands.TryDequeue(out var command))
                {
                    command();
                }

                var now = Now;
                if (now >= _nextTick)
                {
                    _nextTick = now + TickInterval;
                    _ticking.Clear();
                    _ticking.AddRange(_transports);
                    foreach (var transport in _ticking)
                    {
                        transport.OnTick(now);
                    }

                    _ticking.Clear();
                }

                Flush();
                Volatile.Write(ref _loopAllocated, GC.GetAllocatedBytesForCurrentThread());
            }
            catch (ObjectDisposedException) when (_stopping)
            {
                return;
            }
            catch (Exception ex)
            {
                // One bad packet or command must not stop every room's media.
                _logger.LogError(ex, "The media loop caught an unexpected error; it goes on");
            }
        }
    }

    /// <summary>Reads and handles what is queued, batch by batch, up to <see cref="MaxDatagramsPerWake"/>
    /// (so commands and timers still run under a flood); each batch's sends go out before the next.</summary>
    private int ReceiveBatches()
    {
        var total = 0;
        while (total < MaxDatagramsPerWake)
        {
            var count = _io.Receive();
            var now = Now;
            for (var i = 0; i < count; i++)
            {
                Handle(i, now);
            }

            Flush();
            total += count;
            if (count < _io.BatchSize)
            {
                break;
            }
        }

        return total;
    }

    private void Handle(int slot, TimeSpan now)
    {
        var buffer = _io.ReceivedBuffer(slot);
        var length = _io.ReceivedLength(slot);
        if (length < 0)
        {
            // Larger than any datagram WebRTC sends here: truncated by the kernel.
            Metrics.PacketReceived(DatagramIo.MaxDatagram);
            Metrics.Dropped(DropCause.Malformed);
            return;
        }

        Metrics.PacketReceived(length);
        _io.ReceivedAddress(slot, _receiveAddress);
        var datagram = buffer.AsSpan(0, length);
        var kind = PacketClassifier.Classify(datagram);
        var key = EndpointKey.From(_receiveAddress);
        if (kind == PacketKind.Stun)
        {
            var transport = FindByUsername(datagram);
            if (transport is null)
            {
                Metrics.Dropped(DropCause.UnknownIceUsername);
                return;
            }

            transport.OnStun(datagram, _receiveAddress, key, now);
            return;
        }

        if (!_byEndpoint.TryGetValue(key, out var owner))
        {
            Metrics.Dropped(DropCause.AddressNotVerified);
            return;
        }

        switch (kind)
        {
            case PacketKind.Dtls:
                owner.OnDtls(datagram);
                break;
            case PacketKind.Rtp:
                owner.OnRtp(buffer, length, now);
                break;
            case PacketKind.Rtcp:
                owner.OnRtcp(buffer, length, now);
                break;
            default:
                Metrics.Dropped(DropCause.Malformed);
                break;
        }
    }

    private void Flush()
    {
        if (_io.Pending > 0)
        {
            Count(_io.Flush());
        }
    }

    private void Count(SendResult result)
    {
        if (result.Sent + result.Failed > _largestSend)
        {
            Volatile.Write(ref _largestSend, result.Sent + result.Failed);
        }

        if (result.Sent > 0)
        {
            Metrics.PacketsSent(result.Sent, result.Bytes);
        }

        if (result.Failed > 0)
        {
            // A full send buffer or an unreachable peer costs those datagrams only; media tolerates loss.
            Metrics.SendFailed(result.Failed);
            _logger.LogDebug("{Count} media sends failed: {Error}", result.Failed, result.LastError);
        }
    }

    private WebRtcTransport? FindByUsername(ReadOnlySpan<byte> datagram)
    {
        if (!StunMessage.TryReadUsername(datagram, out var username))
        {
            return null;
        }

        // USERNAME is "ourUfrag:theirUfrag" (RFC 8445 §7.2.2); ours is ASCII ice-chars.
        var colon = username.IndexOf((byte)':');
        var local = colon < 0 ? username : username[..colon];
        if (local.Length is 0 or > 64)
        {
            return null;
        }

        Span<char> chars = stackalloc char[local.Length];
        if (Encoding.ASCII.GetChars(local, chars) != local.Length)
        {
            return null;
        }

        return _byUfragSpan.TryGetValue(chars, out var transport) ? transport : null;
    }
}
