using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Lifecycle;

/// <summary>
/// The zero-downtime exit on SIGTERM: report unready, wait for the front door to notice, send every
/// client away (their SignalR clients reconnect, through Caddy, to the other site, and rejoin with the
/// same session), then let the host stop. It runs in the host's "stopping" phase, before any hosted
/// service (Kestrel among them) stops, so the health probes are still answered throughout.
/// </summary>
internal sealed class SiteDrain : IHostedLifecycleService
{
    private readonly SiteState _site;
    private readonly IDrainableConnections _connections;
    private readonly IRoomHomes _homes;
    private readonly MeetingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly DrainOptions _options;
    private readonly ILogger<SiteDrain> _logger;

    public SiteDrain(SiteState site, IDrainableConnections connections, IRoomHomes homes, MeetingMetrics metrics, TimeProvider time, IOptions<DrainOptions> options, ILogger<SiteDrain> logger)
    {
        _site = site;
        _connections = connections;
        _homes = homes;
        _metrics = metrics;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        var started = _time.GetTimestamp();
        _site.BeginDrain();
        var connections = _connections.Count;
        _logger.LogInformation("Draining: unready now, sending {Connections} clients elsewhere in {Delay}", connections, _options.UnreadyDelay);
        try
        {
            if (connections > 0)
            {
                await Task.Delay(_options.UnreadyDelay, _time, cancellationToken);
                await SendClientsAwayAsync(cancellationToken);
                await WaitForClientsToLeaveAsync(cancellationToken);
            }

            // The rooms' next home is whichever server their peers reach first, without waiting for leases to lapse.
            await _homes.ReleaseAllAsync(cancellationToken);
        }
        catch (StoreUnavailableException ex)
        {
            _logger.LogWarning(ex, "Rooms not handed over: the shared store is unavailable; their leases will lapse instead");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Drain cut short by the host's shutdown timeout with {Connections} connections left", _connections.Count);
        }

        var took = _time.GetElapsedTime(started);
        _metrics.Drained(took);
        _logger.LogInformation("Drained in {Duration}; {Connections} connections left", took, _connections.Count);
    }

    private async Task SendClientsAwayAsync(CancellationToken cancellationToken)
    {
        var pace = TimeSpan.FromSeconds(1.0 / _options.ReconnectsPerSecond);
        await _connections.SendAwayAsync(
            token => pace >= TimeSpan.FromMilliseconds(1) ? Task.Delay(pace, _time, token) : Task.CompletedTask,
            cancellationToken);
    }

    private async Task WaitForClientsToLeaveAsync(CancellationToken cancellationToken)
    {
        var deadline = _time.GetTimestamp() + (long)(_options.ClientsTimeout.TotalSeconds * _time.TimestampFrequency);
        while (_connections.Count > 0 && _time.GetTimestamp() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), _time, cancellationToken);
        }
    }
}
