using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using System.Diagnostics.Metrics;

namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>A real <see cref="MediaWorker"/> on 127.0.0.1 port 0, its events collected for the test peers,
/// and the peers to dispose with it.</summary>
internal sealed class SfuHarness : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly Task _dispatch;
    private readonly List<TestPeer> _peers = [];

    private SfuHarness(ServiceProvider services, MediaWorker worker)
    {
        _services = services;
        Worker = worker;
        _dispatch = Task.Run(DispatchAsync);
    }

    public MediaWorker Worker { get; }

    /// <summary>Every event the worker published, in order.</summary>
    public PacketLog<MediaEvent> Events { get; } = new();

    public static SfuHarness Start(TimeProvider? time = null, Action<SfuOptions>? configure = null)
    {
        var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var options = new SfuOptions { ListenIp = "127.0.0.1", Port = 0 };
        configure?.Invoke(options);
        var worker = MediaWorker.Start(options, new SfuMetrics(services.GetRequiredService<IMeterFactory>()),
            time ?? TimeProvider.System, NullLogger.Instance);
        return new SfuHarness(services, worker);
    }

    /// <summary>Creates a peer with its own socket; it joins nothing until the test says so.</summary>
    public TestPeer CreatePeer(string room, string peerId, bool publishAudio = false, bool publishVideo = false)
    {
        var peer = new TestPeer(this, room, peerId, publishAudio, publishVideo);
        lock (_peers)
        {
            _peers.Add(peer);
        }

        return peer;
    }

    /// <summary>A peer that joined, answered its first offer and finished ICE and DTLS.</summary>
    public async Task<TestPeer> JoinAsync(string room, string peerId, bool publishAudio = false, bool publishVideo = false)
    {
        var peer = CreatePeer(room, peerId, publishAudio, publishVideo);
        await peer.CreateTransportAsync();
        await peer.AnswerAsync();
        await peer.ConnectAsync();
        return peer;
    }

    /// <summary>Returns once the media loop handled every datagram already delivered to its socket: the
    /// loop reads what is readable before it runs commands, so the second of two commands runs after them.</summary>
    public async Task FlushAsync()
    {
        await Worker.GetMutesAsync("flush").WaitAsync(Bounds.Wait);
        await Worker.GetMutesAsync("flush").WaitAsync(Bounds.Wait);
    }

    public async ValueTask DisposeAsync()
    {
        TestPeer[] peers;
        lock (_peers)
        {
            peers = [.. _peers];
        }

        foreach (var peer in peers)
        {
            await peer.DisposeAsync();
        }

        Worker.Dispose();
        await _dispatch.WaitAsync(Bounds.Wait);
        await _services.DisposeAsync();
    }

    private async Task DispatchAsync()
    {
        await foreach (var mediaEvent in Worker.Events.ReadAllAsync())
        {
            Events.Add(mediaEvent);
        }
    }
}
