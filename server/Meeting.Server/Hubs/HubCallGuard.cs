using Meeting.Redis;
using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.Server.Sessions;
using Meeting.Sfu;
using Meeting.SignalR.Redis;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Hubs;

/// <summary>
/// Runs around every connection and hub call. A connection is admitted within the per-session and
/// per-address limits and closed when its session is revoked (when it expires, by
/// <see cref="SessionExpirySweep"/>). A call is counted, refused when the session has ended or the
/// connection is over its rate (and the connection closed when it keeps calling regardless), and its
/// log lines carry the peer and room they concern.
/// </summary>
/// <remarks>The session check costs no I/O: the connection knows its expiry from its token, and
/// revocations arrive in <see cref="SessionRevocations"/> (from Redis pub/sub with shared state).</remarks>
internal sealed class HubCallGuard : IHubFilter
{
    private readonly LocalConnections _connections;
    private readonly ConnectionLimits _admission;
    private readonly SessionRevocations _revocations;
    private readonly MeetingMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly HubLimitOptions _limits;
    private readonly ILogger<HubCallGuard> _logger;

    public HubCallGuard(
        LocalConnections connections,
        ConnectionLimits admission,
        SessionRevocations revocations,
        MeetingMetrics metrics,
        TimeProvider time,
        IOptions<HubLimitOptions> limits,
        ILogger<HubCallGuard> logger)
    {
        _connections = connections;
        _admission = admission;
        _revocations = revocations;
        _metrics = metrics;
        _time = time;
        _limits = limits.Value;
        _logger = logger;
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        await next(context);
        if (_connections.Find(context.Context) is not { } state)
        {
            return;
        }

        // Kept beside the state so that a draining server, a revocation or an expiry can close it.
        state.Abort = context.Context.Abort;
        state.Address = ConnectionLimits.AddressOf(context.Context.GetHttpContext());
        if (_admission.TryAdmit(state) is { } refusal)
        {
            // SignalR closes the connection with this error and does not call OnDisconnectedAsync.
            _connections.Remove(state.ConnectionId);
            throw refusal;
        }

        // After admitting: a revocation from now on finds this connection; one before, we find here.
        if (_revocations.IsRevoked(state.SessionId) || _time.GetUtcNow() >= state.SessionExpiresAt)
        {
            _admission.Release(state);
            _connections.Remove(state.ConnectionId);
            throw new MeetingHubException(MeetingErrorCodes.Unauthenticated, "the session was revoked or has expired; POST /api/session again");
        }
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        if (_connections.Find(context.Context) is { } state)
        {
            _admission.Release(state);
        }

        return next(context, exception);
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var method = invocationContext.HubMethodName;
        _metrics.Invoked(method);
        var state = _connections.Get(invocationContext.Context);
        // Not for Signal, the hot path, which logs nothing of its own: a scope costs four objects per call, a
        // sixth of the bytes a Signal allocated (tests/Meeting.Bench/README.md). The lines below name the peer.
        using var scope = method == nameof(MeetingHub.Signal) ? null : _logger.BeginScope(new CallScope(state.PeerId.Value, state.Membership?.Room.Value));
        try
        {
            if (_time.GetUtcNow() >= state.SessionExpiresAt)
            {
                throw new MeetingHubException(MeetingErrorCodes.Unauthenticated, "the session has expired; POST /api/session again");
            }

            if (_revocations.IsRevoked(state.SessionId))
            {
                throw new MeetingHubException(MeetingErrorCodes.Unauthenticated, "the session was revoked; POST /api/session again");
            }

            if (!state.Rate.TryTake())
            {
                // Made on the first refusal: most connections never have one, and it would stay with each for its life.
                state.Refusals ??= new RefusalWindow(_time, _limits.FloodRefusals, _limits.FloodWindow);
                if (state.Refusals.RecordAndCheck())
                {
                    // Refusing costs little, but a client deaf to rate_limited is a flood: stop reading it.
                    _metrics.FloodClosed();
                    _logger.LogWarning("Closing the connection of peer {PeerId}: more than {Limit} calls refused within {Window}", state.PeerId, _limits.FloodRefusals, _limits.FloodWindow);
                    state.Abort?.Invoke();
                }

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
            catch (SfuException refused)
            {
                // Media refuses with the hub's own codes (SfuErrorCodes); it stays free of the hub's types.
                throw new MeetingHubException(refused.Code, refused.Message);
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
