namespace Meeting.SignalR.Redis.Tests.Infrastructure;

/// <summary>A bus for wiring tests, which never reach it.</summary>
internal sealed class UnusedBackplaneBus : IBackplaneBus
{
    public Task PublishAsync(string channel, ReadOnlyMemory<byte> message, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Not used by wiring tests.");

    public Task<IAsyncDisposable> SubscribeAsync(string channel, Action<ReadOnlyMemory<byte>> handler, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("Not used by wiring tests.");
}
