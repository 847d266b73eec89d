using System.Diagnostics;
using Meeting.Redis.Compare.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Meeting.Redis.Compare.Measurement;

/// <summary>
/// Host A sends <c>Clients.All</c> and <c>Clients.Group</c> messages numbered in sequence every 20 ms; a client on host B
/// records which arrived. A message whose send completed without an exception and that never arrived was lost silently.
/// </summary>
internal sealed class MessageProbe(IHubContext<CompareHub> sender, HubConnection receiver, string group, Stopwatch clock, int capacity)
{
    public const string AllMethod = "all";
    public const string GroupMethod = "group";

    private readonly double[] _sentMs = new double[capacity];
    private readonly double[] _sendDurationMs = new double[2 * capacity];
    private readonly bool[] _sendFailed = new bool[2 * capacity];
    private readonly bool[] _received = new bool[2 * capacity];
    private readonly List<Task> _pending = [];
    private int _count;

    public int Count => _count;

    /// <summary>Subscribes the receiver's handlers; call before the receiver starts.</summary>
    public void Listen()
    {
        receiver.On<int>(AllMethod, n => Mark(Slot(n, Channel.All)));
        receiver.On<int>(GroupMethod, n => Mark(Slot(n, Channel.Group)));
    }

    public double SentMs(int n) => _sentMs[n];

    public bool Received(int n, Channel channel) => Volatile.Read(ref _received[Slot(n, channel)]);

    public bool SendFailed(int n, Channel channel) => Volatile.Read(ref _sendFailed[Slot(n, channel)]);

    /// <summary>How long the send took, or NaN while it has not completed.</summary>
    public double SendDurationMs(int n, Channel channel) => Volatile.Read(ref _sendDurationMs[Slot(n, channel)]);

    public async Task RunAsync(CancellationToken stop)
    {
        Array.Fill(_sendDurationMs, double.NaN);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        try
        {
            while (_count < capacity && await timer.WaitForNextTickAsync(stop))
            {
                var n = _count++;
                _sentMs[n] = clock.Elapsed.TotalMilliseconds;
                _pending.Add(SendAsync(n, Channel.All, sender.Clients.All.SendAsync(AllMethod, n)));
                _pending.Add(SendAsync(n, Channel.Group, sender.Clients.Group(group).SendAsync(GroupMethod, n)));
            }
        }
        catch (OperationCanceledException)
        {
            // The drill is over.
        }
    }

    public async Task DrainAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(_pending).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // Sends still blocked are neither sent nor lost; their duration is reported as "at least".
        }
    }

    private int Slot(int n, Channel channel) => 2 * n + (int)channel;

    private void Mark(int slot)
    {
        if (slot >= 0 && slot < _received.Length)
        {
            Volatile.Write(ref _received[slot], true);
        }
    }

    private async Task SendAsync(int n, Channel channel, Task send)
    {
        var started = clock.Elapsed.TotalMilliseconds;
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A send that reports failure is not a silent loss; the caller knew.
            Volatile.Write(ref _sendFailed[Slot(n, channel)], true);
        }

        Volatile.Write(ref _sendDurationMs[Slot(n, channel)], clock.Elapsed.TotalMilliseconds - started);
    }
}
