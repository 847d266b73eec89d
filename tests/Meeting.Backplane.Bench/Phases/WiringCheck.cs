using System.Diagnostics;
using Meeting.Backplane.Bench.Clients;
using Meeting.Server.Hubs;
using Meeting.Testing.Hub;

namespace Meeting.Backplane.Bench.Phases;

/// <summary>
/// Before any load: with the tests' typed client (<see cref="MeetingHubClient"/>, the standard SignalR client), a peer on gra and one on sbg join one room,
/// and a Signal and a Chat each cross from one server to the other with a completion. The load itself sends without
/// completions, so a misconfiguration (no shared Redis, no backplane) would otherwise show only as silence.
/// </summary>
internal static class WiringCheck
{
    private const string Room = "wiring-check";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Returns how long the first Signal took from gra to sbg, completion included; throws on anything unexpected.</summary>
    public static async Task<TimeSpan> RunAsync(HttpClient http, SiteEndpoint gra, SiteEndpoint sbg, CancellationToken cancellationToken)
    {
        var (graToken, graPeer) = await SessionIssuer.IssueAsync(http, gra, cancellationToken);
        var (sbgToken, sbgPeer) = await SessionIssuer.IssueAsync(http, sbg, cancellationToken);
        await using var atGra = await MeetingHubClient.ConnectAsync(new MeetingHubClientOptions(gra.HubUrl) { AccessToken = graToken, CallTimeout = Timeout }, cancellationToken);
        await using var atSbg = await MeetingHubClient.ConnectAsync(new MeetingHubClientOptions(sbg.HubUrl) { AccessToken = sbgToken, CallTimeout = Timeout }, cancellationToken);

        ExpectSite(await atGra.JoinAsync(Room, "check-gra", cancellationToken), gra.Name);
        var joined = await atSbg.JoinAsync(Room, "check-sbg", cancellationToken);
        ExpectSite(joined, sbg.Name);
        if (!joined.Peers.Any(p => p.PeerId == graPeer))
        {
            throw new InvalidOperationException("The peer joined at sbg does not see the one joined at gra: the servers do not share the roster.");
        }

        var started = Stopwatch.GetTimestamp();
        await atGra.SignalAsync(sbgPeer, new { kind = "check" }, cancellationToken);
        await atSbg.Signal.NextAsync(m => m.FromPeerId == graPeer, Timeout, cancellationToken);
        var firstSignal = Stopwatch.GetElapsedTime(started);

        await atSbg.ChatAsync("wiring check", cancellationToken);
        await atGra.Chat.NextAsync(m => m.FromPeerId == sbgPeer, Timeout, cancellationToken);
        await atGra.LeaveAsync(cancellationToken);
        await atSbg.LeaveAsync(cancellationToken);
        return firstSignal;
    }

    private static void ExpectSite(JoinResponse join, string site)
    {
        var actual = join.Site;
        if (actual != site)
        {
            throw new InvalidOperationException($"Join answered site '{actual}' where '{site}' was expected.");
        }
    }
}
