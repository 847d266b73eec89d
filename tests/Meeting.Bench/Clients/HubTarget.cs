using Meeting.Bench.Bare;

namespace Meeting.Bench.Clients;

/// <summary>Which hub a run drives: the meeting hub (sessions, rooms, limits) or the bare baseline.</summary>
/// <param name="Name">How the report names it.</param>
/// <param name="HubPath">The hub's path on its server.</param>
/// <param name="SignalMethod">The hub method that relays a payload to one peer.</param>
/// <param name="UsesSessions">Each client takes a session and joins a room (the meeting hub); otherwise
/// it asks the hub for its connection id, which is what the bare hub's <c>Relay</c> addresses.</param>
internal sealed record HubTarget(string Name, string HubPath, string SignalMethod, bool UsesSessions)
{
    public static HubTarget Meeting { get; } = new("ours", "/hubs/meeting", "Signal", UsesSessions: true);

    public static HubTarget Bare { get; } = new("bare", BareHubHost.HubPath, "Relay", UsesSessions: false);
}
