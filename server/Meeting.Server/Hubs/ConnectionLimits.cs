using Meeting.Server.Configuration;
using Meeting.Server.Domain;
using Meeting.Server.Observability;
using Meeting.Server.Sessions;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Hubs;

/// <summary>
/// The hub connections open on this server by session and by client address: admits a new one only
/// within <see cref="HubLimitOptions.ConnectionsPerSession"/> and <see cref="HubLimitOptions.ConnectionsPerAddress"/>,
/// and finds a session's connections when the session ends. The limits are per server: a client
/// spread over both sites may hold twice as many, which still bounds what one script can hold open.
/// </summary>
internal sealed class ConnectionLimits : ISessionConnections
{
    public const string UnknownAddress = "unknown";

    private readonly Lock _gate = new();
    private readonly Dictionary<SessionId, List<ConnectionState>> _bySession = [];
    private readonly Dictionary<string, int> _byAddress = new(StringComparer.Ordinal);
    private readonly HubLimitOptions _limits;
    private readonly MeetingMetrics _metrics;
    private readonly TimeProvider _time;

    public ConnectionLimits(IOptions<HubLimitOptions> limits, MeetingMetrics metrics, TimeProvider time)
    {
        _limits = limits.Value;
        _metrics = metrics;
        _time = time;
    }

    public static string AddressOf(HttpContext? context) => context?.Connection.RemoteIpAddress?.ToString() ?? UnknownAddress;

    /// <summary>Whether a new connection would be refused now, without taking a place: the cheap answer at
    /// negotiate and at the WebSocket request, before any upgrade. <see cref="TryAdmit"/> decides.</summary>
    public MeetingHubException? Check(SessionId? session, string address)
    {
        lock (_gate)
        {
            return Refusal(session, address);
        }
    }

    /// <summary>Counts the connection in, or returns why it is refused (and counts nothing).</summary>
    public MeetingHubException? TryAdmit(ConnectionState state)
    {
        lock (_gate)
        {
            if (Refusal(state.SessionId, state.Address) is { } refusal)
            {
                return refusal;
            }

            if (!_bySession.TryGetValue(state.SessionId, out var connections))
            {
                connections = [];
                _bySession[state.SessionId] = connections;
            }

            connections.Add(state);
            _byAddress[state.Address] = _byAddress.GetValueOrDefault(state.Address) + 1;
            return null;
        }
    }

    public void Release(ConnectionState state)
    {
        lock (_gate)
        {
            if (!_bySession.TryGetValue(state.SessionId, out var connections) || !connections.Remove(state))
            {
                return;
            }

            if (connections.Count == 0)
            {
                _bySession.Remove(state.SessionId);
            }

            var left = _byAddress.GetValueOrDefault(state.Address) - 1;
            if (left <= 0)
            {
                _byAddress.Remove(state.Address);
            }
            else
            {
                _byAddress[state.Address] = left;
            }
        }
    }

    public int CloseSession(SessionId id, SessionEndCause cause)
    {
        ConnectionState[] connections;
        lock (_gate)
        {
            connections = _bySession.TryGetValue(id, out var list) ? list.ToArray() : [];
        }

        // Abort only schedules the close, so it is safe outside the lock and on a pub/sub dispatch loop.
        foreach (var connection in connections)
        {
            connection.Abort?.Invoke();
            _metrics.SessionConnectionClosed(cause);
        }

        return connections.Length;
    }

    public IReadOnlyCollection<Session> OpenSessions()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            return _bySession.Select(s => new Session(s.Key, s.Value[0].PeerId, now, s.Value[0].SessionExpiresAt)).ToArray();
        }
    }

    private MeetingHubException? Refusal(SessionId? session, string address)
    {
        if (session is { } id && _bySession.TryGetValue(id, out var connections) && connections.Count >= _limits.ConnectionsPerSession)
        {
            _metrics.ConnectionRefused("session");
            return new MeetingHubException(MeetingErrorCodes.TooManyConnections, $"a session may hold {_limits.ConnectionsPerSession} connections; close one first");
        }

        if (_byAddress.GetValueOrDefault(address) >= _limits.ConnectionsPerAddress)
        {
            _metrics.ConnectionRefused("address");
            return new MeetingHubException(MeetingErrorCodes.TooManyConnections, $"an address may hold {_limits.ConnectionsPerAddress} connections");
        }

        return null;
    }
}
