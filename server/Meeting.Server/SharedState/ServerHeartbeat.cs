using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>Keeps this server's heartbeat fresh in Redis. A server that stops beating (it crashed, or its
/// site is gone) has its peers put into their reconnect grace by whichever server sweeps next.</summary>
internal sealed class ServerHeartbeat : BackgroundService
{
    private readonly RedisRoomRoster _roster;
    private readonly TimeProvider _time;
    private readonly SharedStateOptions _options;
    private readonly ILogger<ServerHeartbeat> _logger;

    public ServerHeartbeat(RedisRoomRoster roster, TimeProvider time, IOptions<SharedStateOptions> options, ILogger<ServerHeartbeat> logger)
    {
        _roster = roster;
        _time = time;
        _options = options.Value;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.HeartbeatInterval, _time);
        try
        {
            do
            {
                try
                {
                    await _roster.BeatAsync(stoppingToken);
                }
                catch (Domain.StoreUnavailableException ex)
                {
                    _logger.LogDebug(ex, "Heartbeat not recorded; Redis is unreachable");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
