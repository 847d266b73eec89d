using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace Meeting.Bench.Bare;

/// <summary>
/// The baseline: the same payloads relayed by SignalR with nothing of ours around them — no session,
/// no room, no roster look-up, no rate limit, no filter, no metrics. The target is a connection id,
/// which a client learns from <see cref="Hello"/>.
/// </summary>
internal sealed class BareHub : Hub
{
    public string Hello() => Context.ConnectionId;

    public Task Relay(string toConnectionId, JsonElement payload)
        => Clients.Client(toConnectionId).SendAsync("Signal", new BareSignalMessage(Context.ConnectionId, payload));
}
