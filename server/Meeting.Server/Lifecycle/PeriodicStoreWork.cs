using Meeting.Server.Domain;

namespace Meeting.Server.Lifecycle;

/// <summary>
/// A background chore that runs every <see cref="Interval"/> until shutdown. A run that finds the
/// shared store unreachable is skipped quietly (readiness already reports the outage); any other
/// failure is logged, and the next run happens anyway.
/// </summary>
internal abstract class PeriodicStoreWork : BackgroundService
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    protected PeriodicStoreWork(TimeProvider time, ILogger logger)
    {
        _time = time;
        _logger = logger;
    }

    protected abstract TimeSpan Interval { get; }

    /// <summary>Whether the first run happens at once rather than after one interval.</summary>
    protected virtual bool RunAtStart => false;

    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, _time);
        try
        {
            if (RunAtStart)
            {
                await RunGuardedAsync(stoppingToken);
            }

            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RunGuardedAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunGuardedAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RunOnceAsync(stoppingToken);
        }
        catch (StoreUnavailableException ex)
        {
            _logger.LogDebug(ex, "{Work} skipped: the shared store is unavailable", GetType().Name);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogWarning(ex, "{Work} failed; it runs again in {Interval}", GetType().Name, Interval);
        }
    }
}
