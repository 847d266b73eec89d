using Meeting.Server.Lifecycle;
using Meeting.Server.Observability;
using Meeting.Server.Sessions;

namespace Meeting.Server.Hubs;

/// <summary>
/// Closes each hub connection whose session has expired, within a second of the expiry. Calls are refused
/// at the expiry itself by <see cref="HubCallGuard"/>; this ends the connections that no longer call.
/// </summary>
/// <remarks>One sweep over the open connections instead of a timer per connection: a timer costs about
/// 250 bytes per idle connection, and a pass over 10,000 connections costs microseconds.</remarks>
internal sealed class SessionExpirySweep : PeriodicStoreWork
{
    private readonly LocalConnections _connections;
    private readonly MeetingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<SessionExpirySweep> _logger;

    public SessionExpirySweep(LocalConnections connections, MeetingMetrics metrics, TimeProvider time, ILogger<SessionExpirySweep> logger)
        : base(time, logger)
    {
        _connections = connections;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    protected override TimeSpan Interval => TimeSpan.FromSeconds(1);

    protected override Task RunOnceAsync(CancellationToken cancellationToken)
    {
        Sweep();
        return Task.CompletedTask;
    }

    private void Sweep()
    {
        var now = _time.GetUtcNow();
        foreach (var state in _connections.Live)
        {
            // Abort is set once the connection is admitted; one not yet admitted is checked on admission.
            if (now < state.SessionExpiresAt || state.ExpiryClosed || state.Abort is not { } abort)
            {
                continue;
            }

            state.ExpiryClosed = true;
            _metrics.SessionConnectionClosed(SessionEndCause.Expired);
            _logger.LogDebug("Closing the connection of peer {PeerId}: its session expired", state.PeerId);
            abort();
        }
    }
}
