using System.Diagnostics;
using Meeting.Redis.Compare.Stacks;

namespace Meeting.Redis.Compare.Measurement;

/// <summary>
/// <c>SET key:i i</c> every 10 ms, each write issued without waiting for the previous one (as independent requests
/// would), recording when each was issued and when, if ever, it was acknowledged.
/// </summary>
internal sealed class WriteProbe(IKeyWriter writer, Stopwatch clock, int capacity)
{
    public const string KeyPrefix = "key:";

    private readonly double[] _issuedMs = new double[capacity];
    private readonly double[] _ackedMs = new double[capacity];
    private readonly bool[] _failed = new bool[capacity];
    private readonly List<Task> _pending = [];
    private int _count;

    public int Count => _count;

    public double IssuedMs(int i) => _issuedMs[i];

    /// <summary>When it was acknowledged, or NaN if it was not (failed or never answered).</summary>
    public double AckedMs(int i) => Volatile.Read(ref _ackedMs[i]);

    public bool Failed(int i) => Volatile.Read(ref _failed[i]);

    public async Task RunAsync(CancellationToken stop)
    {
        Array.Fill(_ackedMs, double.NaN);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        try
        {
            while (_count < capacity && await timer.WaitForNextTickAsync(stop))
            {
                var i = _count++;
                _issuedMs[i] = clock.Elapsed.TotalMilliseconds;
                _pending.Add(WriteAsync(i));
            }
        }
        catch (OperationCanceledException)
        {
            // The drill is over.
        }
    }

    /// <summary>Waits (bounded) for the writes still in flight; those left are counted as not acknowledged.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(_pending).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Reported as unanswered.
        }
    }

    private async Task WriteAsync(int i)
    {
        try
        {
            await writer.SetAsync(KeyPrefix + i, i).ConfigureAwait(false);
            Volatile.Write(ref _ackedMs[i], clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception)
        {
            // Any failure means "not acknowledged": the probe measures, it does not judge exception types.
            Volatile.Write(ref _failed[i], true);
        }
    }
}
