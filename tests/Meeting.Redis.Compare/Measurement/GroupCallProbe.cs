using System.Diagnostics;
using Meeting.Redis.Compare.Hosting;
using Microsoft.AspNetCore.SignalR;

namespace Meeting.Redis.Compare.Measurement;

/// <summary>
/// Times <c>Groups.AddToGroupAsync</c> on host A for a connection that another host holds, started every
/// <paramref name="interval"/> without waiting for the previous one, as hub calls from many clients would be.
/// </summary>
internal sealed class GroupCallProbe(IHubContext<CompareHub> hub, string connectionId, TimeSpan interval, Stopwatch clock, int capacity)
{
    private readonly List<(double StartedMs, Task<double> Duration)> _calls = [];
    private int _failures;

    public int Failures => Volatile.Read(ref _failures);

    public int Calls => _calls.Count;

    public async Task RunAsync(CancellationToken stop)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (_calls.Count < capacity && await timer.WaitForNextTickAsync(stop))
            {
                _calls.Add((clock.Elapsed.TotalMilliseconds, CallAsync()));
            }
        }
        catch (OperationCanceledException)
        {
            // The drill is over.
        }
    }

    /// <summary>Waits (bounded) for the calls, then the longest one; a call still blocked counts with the time it has blocked so far.</summary>
    public async Task<double> LongestMsAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(_calls.Select(c => c.Duration)).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Measured as "still blocked" below.
        }

        var now = clock.Elapsed.TotalMilliseconds;
        return _calls.Count == 0 ? double.NaN : _calls.Max(c => c.Duration.IsCompletedSuccessfully ? c.Duration.Result : now - c.StartedMs);
    }

    private async Task<double> CallAsync()
    {
        var started = clock.Elapsed.TotalMilliseconds;
        try
        {
            await hub.Groups.AddToGroupAsync(connectionId, "probe").ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Timing out with an error is still a blocked call; it is counted and timed.
            Interlocked.Increment(ref _failures);
        }

        return clock.Elapsed.TotalMilliseconds - started;
    }
}
