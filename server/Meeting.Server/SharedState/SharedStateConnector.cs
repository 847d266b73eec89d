using Meeting.Redis;

namespace Meeting.Server.SharedState;

/// <summary>
/// Starts the Redis clients with the host and stops them with it. A Redis that cannot be reached at
/// start-up does not stop the server: the clients keep retrying in the background and readiness
/// reports the outage, so the front door sends traffic to the other site meanwhile.
/// </summary>
internal sealed class SharedStateConnector : IHostedService
{
    private readonly SharedStateClients _clients;
    private readonly RedisKeyRepository _keyRing;
    private readonly ILogger<SharedStateConnector> _logger;

    public SharedStateConnector(SharedStateClients clients, RedisKeyRepository keyRing, ILogger<SharedStateConnector> logger)
    {
        _clients = clients;
        _keyRing = keyRing;
        _logger = logger;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (name, client) in new[] { ("data", _clients.Data), ("durable", _clients.Durable) })
        {
            try
            {
                await client.StartAsync(cancellationToken);
                _logger.LogInformation("Redis {Connection} connection up at {EndPoint}", name, client.GetStatus().EndPoint);
            }
            catch (RedisException ex)
            {
                _logger.LogWarning(ex, "Redis {Connection} connection is not up yet; retrying in the background", name);
            }
        }

        // Before Data Protection's own start reads the ring: tokens from the other site must be readable at once.
        try
        {
            await _keyRing.RefreshAsync(cancellationToken);
        }
        catch (Domain.StoreUnavailableException ex)
        {
            _logger.LogWarning(ex, "The shared key ring could not be read yet; it is read again every few seconds");
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await _clients.DisposeAsync();
}
