using System.Globalization;
using Meeting.Redis;
using Meeting.Redis.Commands;
using Meeting.Server.Domain;
using Meeting.Server.Sessions;
using Microsoft.Extensions.Options;

namespace Meeting.Server.SharedState;

/// <summary>
/// Revocations between servers over the pub/sub channel <c>{prefix}:sessions:revoked</c>; a message is
/// <c>{sessionId}\n{expiresAt as Unix ms}</c>. Every server (the sender too) closes the session's
/// connections as the message arrives. Pub/sub is at-most-once, so whenever the subscription comes
/// back after an outage this server asks the store about every session it holds a connection for.
/// </summary>
internal sealed class RedisSessionRevocationBus : BackgroundService, ISessionRevocationBus
{
    private static readonly TimeSpan WatchInterval = TimeSpan.FromSeconds(1);

    private readonly SharedStateClients _redis;
    private readonly SessionRevocations _revocations;
    private readonly ISessionStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<RedisSessionRevocationBus> _logger;

    public RedisSessionRevocationBus(
        SharedStateClients redis,
        IOptions<SharedStateOptions> options,
        SessionRevocations revocations,
        ISessionStore store,
        TimeProvider time,
        ILogger<RedisSessionRevocationBus> logger)
    {
        _redis = redis;
        _revocations = revocations;
        _store = store;
        _time = time;
        _logger = logger;
        Channel = options.Value.KeyPrefix + ":sessions:revoked";
    }

    public string Channel { get; }

    public Task PublishAsync(SessionId id, DateTimeOffset expiresAt, CancellationToken cancellationToken = default)
        => RedisGuard.RunAsync("announce the revocation", () => _redis.Data.Connection.PublishAsync(
            Channel,
            id.Value + "\n" + expiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
            cancellationToken));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await SubscribeAsync(stoppingToken);
        var recheckDue = false;
        using var timer = new PeriodicTimer(WatchInterval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var connected = _redis.Data.GetStatus().SubscriberConnected;
            recheckDue |= !connected;
            if (!connected || !recheckDue)
            {
                continue;
            }

            try
            {
                var (revoked, restored) = await _revocations.RecheckOpenSessionsAsync(_store, stoppingToken);
                recheckDue = false;
                _logger.LogInformation(
                    "Revocation channel back: rechecked open sessions, {Revoked} had ended, {Restored} lost with Redis' data were written back",
                    revoked,
                    restored);
            }
            catch (StoreUnavailableException ex)
            {
                _logger.LogWarning(ex, "Could not recheck open sessions after the revocation channel came back; will retry");
            }
        }
    }

    private async Task SubscribeAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                bounded.CancelAfter(TimeSpan.FromSeconds(5));
                await _redis.Data.Subscriber.SubscribeAsync(Channel, OnMessage, bounded.Token);
                return;
            }
            catch (Exception ex) when (ex is RedisException || (ex is OperationCanceledException && !stoppingToken.IsCancellationRequested))
            {
                _logger.LogWarning(ex, "Could not subscribe to {Channel}; retrying", Channel);
                await Task.Delay(WatchInterval, _time, stoppingToken);
            }
        }
    }

    private void OnMessage(RedisMessage message)
    {
        var text = message.Text;
        var newline = text.IndexOf('\n', StringComparison.Ordinal);
        if (newline <= 0 || !long.TryParse(text.AsSpan(newline + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var ms))
        {
            _logger.LogWarning("Ignored a malformed message on {Channel}", Channel);
            return;
        }

        _revocations.Revoke(new SessionId(text[..newline]), DateTimeOffset.FromUnixTimeMilliseconds(ms));
    }
}
