using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Meeting.Sfu.Bench.Janus;

/// <summary>
/// One Janus API session over its HTTP transport (JSON requests POSTed to the session or handle, events
/// taken by long-polling the session): create, attach the VideoRoom plugin, send a message with an
/// optional JSEP, wait for the plugin's asynchronous event.
/// </summary>
internal sealed class JanusSession : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly Uri _base;
    private long _session;

    public JanusSession(Uri apiBase) => _base = apiBase;

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        var reply = await PostAsync(_base, new JsonObject { ["janus"] = "create" }, cancellationToken);
        _session = reply["data"]!["id"]!.GetValue<long>();
    }

    public async Task<long> AttachVideoRoomAsync(CancellationToken cancellationToken)
    {
        var reply = await PostAsync(SessionUri(), new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }, cancellationToken);
        return reply["data"]!["id"]!.GetValue<long>();
    }

    /// <summary>Sends a plugin message and returns the plugin's answer: the synchronous reply, or the
    /// event that follows the ack.</summary>
    public async Task<JsonNode> MessageAsync(long handle, JsonObject body, string? jsepType, string? sdp, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["janus"] = "message", ["body"] = body };
        if (jsepType is not null)
        {
            request["jsep"] = new JsonObject { ["type"] = jsepType, ["sdp"] = sdp };
        }

        var reply = await PostAsync(new Uri($"{SessionUri()}/{handle}"), request, cancellationToken);
        return reply["janus"]!.GetValue<string>() == "ack" ? await NextEventAsync(handle, cancellationToken) : reply;
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonNode> NextEventAsync(long handle, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            using var response = await _http.GetAsync(new Uri($"{SessionUri()}?maxev=1&rid={Environment.TickCount64}"), cancellationToken);
            var events = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken);
            if (events is null)
            {
                continue;
            }

            foreach (var item in events is JsonArray array ? array.ToArray() : [events])
            {
                if (item?["janus"]?.GetValue<string>() == "event" && item["sender"]?.GetValue<long>() == handle)
                {
                    return item;
                }
            }
        }

        throw new TimeoutException("no event from Janus within 20 s");
    }

    private Uri SessionUri() => new($"{_base}/{_session}");

    private async Task<JsonNode> PostAsync(Uri uri, JsonObject request, CancellationToken cancellationToken)
    {
        request["transaction"] = Guid.NewGuid().ToString("N");
        using var response = await _http.PostAsJsonAsync(uri, request, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reply = await response.Content.ReadFromJsonAsync<JsonNode>(cancellationToken) ?? throw new InvalidOperationException("empty reply from Janus");
        if (reply["janus"]?.GetValue<string>() == "error")
        {
            throw new InvalidOperationException($"Janus: {reply["error"]?.ToJsonString()}");
        }

        return reply;
    }
}
