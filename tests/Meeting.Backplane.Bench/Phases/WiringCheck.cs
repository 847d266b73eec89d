using System.Diagnostics;
using System.Text.Json;
using Meeting.Backplane.Bench.Clients;
using Meeting.Testing;

namespace Meeting.Backplane.Bench.Phases;

/// <summary>
/// Before any load: with the tests' own <see cref="HubProtocolClient"/>, a peer on gra and one on sbg join one room,
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
        await using var atGra = await HubProtocolClient.ConnectAsync(gra.HubUrl, graToken, cancellationToken);
        await using var atSbg = await HubProtocolClient.ConnectAsync(sbg.HubUrl, sbgToken, cancellationToken);

        ExpectSite(await atGra.InvokeAsync("Join", [Room, "check-gra"], Timeout, cancellationToken), gra.Name);
        var joined = await atSbg.InvokeAsync("Join", [Room, "check-sbg"], Timeout, cancellationToken);
        ExpectSite(joined, sbg.Name);
        if (!joined.GetProperty("peers").EnumerateArray().Any(p => p.GetProperty("peerId").GetString() == graPeer))
        {
            throw new InvalidOperationException("The peer joined at sbg does not see the one joined at gra: the servers do not share the roster.");
        }

        var started = Stopwatch.GetTimestamp();
        await atGra.InvokeAsync("Signal", [sbgPeer, new { kind = "check" }], Timeout, cancellationToken);
        await atSbg.WaitForAsync("Signal", m => m.GetProperty("fromPeerId").GetString() == graPeer, Timeout, cancellationToken);
        var firstSignal = Stopwatch.GetElapsedTime(started);

        await atSbg.InvokeAsync("Chat", ["wiring check"], Timeout, cancellationToken);
        await atGra.WaitForAsync("Chat", m => m.GetProperty("fromPeerId").GetString() == sbgPeer, Timeout, cancellationToken);
        await atGra.InvokeAsync("Leave", [], Timeout, cancellationToken);
        await atSbg.InvokeAsync("Leave", [], Timeout, cancellationToken);
        return firstSignal;
    }

    private static void ExpectSite(JsonElement join, string site)
    {
        var actual = join.GetProperty("site").GetString();
        if (actual != site)
        {
            throw new InvalidOperationException($"Join answered site '{actual}' where '{site}' was expected.");
        }
    }
}
