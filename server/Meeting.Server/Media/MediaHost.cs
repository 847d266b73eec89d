using System.Net.Sockets;
using Meeting.Server.Configuration;
using Meeting.Sfu;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Media;

/// <summary>
/// Owns this server's SFU: binds the media port when the host starts (a port that cannot be bound leaves
/// the server unready, not dead, so an operator sees why in <c>/health</c>) and closes it when it stops.
/// </summary>
internal sealed class MediaHost : IHostedService, IDisposable
{
    private readonly SfuOptions _options;
    private readonly SfuMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<MediaHost> _logger;
    private MediaWorker? _worker;

    public MediaHost(IOptions<SfuOptions> options, SfuMetrics metrics, TimeProvider time, ILogger<MediaHost> logger)
    {
        _options = options.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>The SFU, or null while the media port is not bound.</summary>
    public MediaWorker? Worker => Volatile.Read(ref _worker);

    /// <summary>Why the media port is not bound, for <c>/health</c>.</summary>
    public string? Failure { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            var worker = MediaWorker.Start(_options, _metrics, _time, _logger);
            Volatile.Write(ref _worker, worker);
            _logger.LogInformation(
                "Media on udp {ListenEndPoint}, announced as {AnnouncedIp}:{Port}",
                worker.LocalEndPoint,
                worker.AnnouncedAddress,
                worker.LocalEndPoint.Port);
        }
        catch (SocketException ex)
        {
            Failure = $"udp {_options.ListenIp}:{_options.Port}: {ex.SocketErrorCode}";
            _logger.LogError("Could not bind the media port {ListenIp}:{Port}: {Error}", _options.ListenIp, _options.Port, ex.SocketErrorCode);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => Interlocked.Exchange(ref _worker, null)?.Dispose();
}
