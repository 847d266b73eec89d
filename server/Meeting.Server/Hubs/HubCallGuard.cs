using Meeting.Redis;
using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.SignalR.Redis;
using Microsoft.AspNetCore.SignalR;

namespace Meeting.Server.Hubs;

/// <summary>
/// Runs around every hub call: counts it, refuses it when the session has expired or the
/// connection is over its rate, and gives the call's log lines the peer and room they concern.
/// </summary>
internal sealed class HubCallGuard : IHubFilter
{
    private readonly MeetingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<HubCallGuard> _logger;

    public HubCallGuard(MeetingMetrics metrics, TimeProvider time, ILogger<HubCallGuard> logger)
    {
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);

        // Kept beside the state so that a draining server can send every client elsewhere.
        if (ConnectionStates.Find(context.Context) is { } state)
        {
            state.Abort = context.Context.Abort;
        }
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var method = invocationContext.HubMethodName;
        _metrics.Invoked(method);
        var state = ConnectionStates.Get(invocationContext.Context);
        using var scope = _logger.BeginScope(new CallScope(state.PeerId.Value, state.Membership?.Room.Value));
        try
        {
            if (_time.GetUtcNow() >= state.SessionExpiresAt)
            {
                throw new MeetingHubException(MeetingErrorCodes.Unauthenticated, "the session has expired; POST /api/session again");
            }

            if (!state.Rate.TryTake())
            {
                throw new MeetingHubException(MeetingErrorCodes.RateLimited, "too many calls; slow down");
            }

            try
            {
                return await next(invocationContext);
            }
            catch (Exception ex) when (ex is StoreUnavailableException or RedisException or BackplaneTimeoutException)
            {
                // The store failed before or while changing anything; a clear, retryable answer beats
                // SignalR's generic error, and the cause belongs in our log, not the client's.
                _logger.LogWarning(ex, "{Method} from peer {PeerId} failed: the shared store is unavailable", method, state.PeerId);
                throw new MeetingHubException(MeetingErrorCodes.Unavailable, "the service is briefly unavailable; retry");
            }
        }
        catch (MeetingHubException rejected)
        {
            _metrics.Rejected(rejected.Code);
            _logger.LogDebug("Refused {Method} from peer {PeerId}: {Code}", method, state.PeerId, rejected.Code);
            throw;
        }
    }

    /// <summary>Serilog turns these pairs into the <c>PeerId</c> and <c>Room</c> properties of every event in the call.</summary>
    private sealed class CallScope(string peerId, string? room) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => room is null ? 1 : 2;

        public KeyValuePair<string, object?> this[int index] => index switch
        {
            0 => new("PeerId", peerId),
            1 when room is not null => new("Room", room),
            _ => throw new ArgumentOutOfRangeException(nameof(index)),
        };

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            for (var i = 0; i < Count; i++)
            {
                yield return this[i];
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => room is null ? $"PeerId:{peerId}" : $"PeerId:{peerId} Room:{room}";
    }
}
