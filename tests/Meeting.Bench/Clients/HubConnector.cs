using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;
using Meeting.Bench.Measurement;

namespace Meeting.Bench.Clients;

/// <summary>
/// Opens hub connections the way a browser does: <c>POST /api/session</c> for a token, then the
/// WebSocket at <c>/hubs/meeting?access_token=…</c> (SignalR allows skipping negotiation for WebSockets).
/// Client sockets are spread over several 127.0.0.x source addresses, so that the ephemeral ports of
/// one address never run out however many connections a run opens.
/// </summary>
internal sealed class HubConnector : IDisposable
{
    /// <summary>Linux <c>IP_BIND_ADDRESS_NO_PORT</c>: bind the address now, pick the port at connect time
    /// per destination, so a bound socket does not reserve a port for every destination.</summary>
    private const int IpBindAddressNoPort = 24;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly Uri _baseUrl;
    private readonly Uri _hubUrl;
    private readonly HttpClient _sessions;
    private readonly HttpMessageInvoker _upgrades;
    private readonly IPAddress[] _sources;
    private int _nextSource;

    public HubConnector(Uri baseUrl, HubTarget target, int sourceAddresses, int parallel)
    {
        _baseUrl = baseUrl;
        Target = target;
        _hubUrl = new UriBuilder(new Uri(baseUrl, target.HubPath)) { Scheme = "ws" }.Uri;
        _sources = Enumerable.Range(1, sourceAddresses).Select(i => new IPAddress([127, 0, 0, (byte)i])).ToArray();

        // No cookies: the session endpoint returns the caller's existing session when it sees its cookie,
        // and every bench client must be a peer of its own.
        _sessions = new HttpClient(new SocketsHttpHandler { UseCookies = false, MaxConnectionsPerServer = parallel })
        {
            Timeout = TimeSpan.FromSeconds(15),
        };
        _upgrades = new HttpMessageInvoker(new SocketsHttpHandler { UseCookies = false, ConnectCallback = ConnectFromSourceAsync });
    }

    public HubTarget Target { get; }

    /// <summary>The HTTP client for sessions and health checks.</summary>
    public HttpClient Http => _sessions;

    public IReadOnlyList<IPAddress> SourceAddresses => _sources;

    /// <summary>A new session and an open hub connection presenting it; on the bare hub, an open
    /// connection that knows its connection id.</summary>
    public async Task<BenchConnection> ConnectAsync(SignalSink sink, CancellationToken cancellationToken = default)
    {
        if (!Target.UsesSessions)
        {
            var bare = await OpenAsync(_hubUrl, string.Empty, sink, cancellationToken);
            try
            {
                await bare.IdentifyAsync(TimeSpan.FromSeconds(15), cancellationToken);
            }
            catch
            {
                await bare.DisposeAsync();
                throw;
            }

            return bare;
        }

        var (token, peerId) = await CreateSessionAsync(cancellationToken);
        var url = new UriBuilder(_hubUrl) { Query = "access_token=" + Uri.EscapeDataString(token) }.Uri;
        return await OpenAsync(url, peerId, sink, cancellationToken);
    }

    /// <summary><c>POST /api/session</c>: a new session's token and peer id.</summary>
    public async Task<(string Token, string PeerId)> CreateSessionAsync(CancellationToken cancellationToken = default)
    {
        using var response = await _sessions.PostAsync(new Uri(_baseUrl, "/api/session"), null, cancellationToken);
        response.EnsureSuccessStatusCode();
        var session = await response.Content.ReadFromJsonAsync<SessionResponse>(Json, cancellationToken)
            ?? throw new InvalidOperationException("POST /api/session returned no session.");
        return (session.Token, session.PeerId);
    }

    public void Dispose()
    {
        _sessions.Dispose();
        _upgrades.Dispose();
    }

    private async Task<BenchConnection> OpenAsync(Uri url, string peerId, SignalSink sink, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            await socket.ConnectAsync(url, _upgrades, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return await BenchConnection.StartAsync(socket, peerId, sink, cancellationToken);
    }

    private async ValueTask<Stream> ConnectFromSourceAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var source = _sources[(int)((uint)Interlocked.Increment(ref _nextSource) % (uint)_sources.Length)];
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (!source.Equals(IPAddress.Loopback))
            {
                socket.SetRawSocketOption((int)SocketOptionLevel.IP, IpBindAddressNoPort, BitConverter.GetBytes(1));
                socket.Bind(new IPEndPoint(source, 0));
            }

            await socket.ConnectAsync(IPAddress.Parse(context.DnsEndPoint.Host), context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private sealed record SessionResponse(string Token, string PeerId);
}
