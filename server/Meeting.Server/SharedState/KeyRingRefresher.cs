using Meeting.Server.Lifecycle;

namespace Meeting.Server.SharedState;

/// <summary>Keeps <see cref="RedisKeyRepository"/>'s copy of the shared key ring fresh, so that a key
/// created at the other site is known here within seconds, and writes keys created here.</summary>
internal sealed class KeyRingRefresher : PeriodicStoreWork
{
    private readonly RedisKeyRepository _repository;

    public KeyRingRefresher(RedisKeyRepository repository, TimeProvider time, ILogger<KeyRingRefresher> logger)
        : base(time, logger)
    {
        _repository = repository;
    }

    protected override TimeSpan Interval => TimeSpan.FromSeconds(2);

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => _repository.RefreshAsync(cancellationToken);
}
