using System.Globalization;
using System.Text;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// The failover as the browsers saw it, from their <see cref="PageRecording"/>s and the moment the test
/// killed the server. All figures are milliseconds after the kill.
/// <list type="bullet">
/// <item><b>signalling back</b> (per page): its connection state turned <c>reconnected</c>, which the client
/// sets once its rejoin (Join with the same session) has answered.</item>
/// <item><b>renegotiated</b> (per viewer and sender): the last time after the kill that one of the viewer's
/// links to the sender settled back to signalling state <c>stable</c>, i.e. the offer/answer that
/// <c>PeerReconnected</c> triggers completed; none when no renegotiation happened.</item>
/// <item><b>media back</b> (per viewer and sender): the first sample whose framesDecoded grew after both the
/// viewer was back in the room and that renegotiation settled: decoded video after the whole failover.</item>
/// <item><b>longest stall</b> (per viewer and sender): the longest time without a newly decoded frame,
/// from a second before the kill to the last sample. Media between two browsers on one machine runs
/// peer to peer and does not cross the killed server, so a stall here is the renegotiation's doing.</item>
/// </list>
/// </summary>
internal sealed class FailoverFigures
{
    private FailoverFigures(IReadOnlyList<PageFigures> pages, IReadOnlyList<PairFigures> pairs)
    {
        Pages = pages;
        Pairs = pairs;
    }

    public IReadOnlyList<PageFigures> Pages { get; }

    public IReadOnlyList<PairFigures> Pairs { get; }

    public double SignallingBackMs => Pages.Max(p => p.ReconnectedMs ?? double.PositiveInfinity);

    public double? RenegotiatedMs => Pairs.All(p => p.RenegotiatedMs is null) ? null : Pairs.Max(p => p.RenegotiatedMs ?? 0);

    public double MediaBackMs => Pairs.Max(p => p.MediaBackMs ?? double.PositiveInfinity);

    public double LongestStallMs => Pairs.Max(p => p.LongestStallMs);

    public static FailoverFigures Compute(double killedAt, IReadOnlyList<RecordedPage> pages)
    {
        var pageFigures = pages.Select(p => new PageFigures(
            p.Name,
            FirstState(p.Recording, killedAt, "reconnecting") - killedAt,
            FirstState(p.Recording, killedAt, "reconnected") - killedAt)).ToArray();
        var pairs = new List<PairFigures>();
        foreach (var viewer in pages)
        {
            var back = FirstState(viewer.Recording, killedAt, "reconnected");
            foreach (var sender in pages.Where(s => s != viewer))
            {
                var links = viewer.Recording.Links.Where(l => l.RemoteStreamIds.Intersect(sender.LocalStreamIds).Any()).ToArray();
                pairs.Add(Pair(killedAt, back, viewer, sender, links));
            }
        }

        return new FailoverFigures(pageFigures, pairs);
    }

    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var page in Pages)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {page.Name}: reconnecting {Ms(page.ReconnectingMs)}, reconnected (rejoined) {Ms(page.ReconnectedMs)}");
        }

        foreach (var pair in Pairs)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {pair.Viewer} sees {pair.Sender}: links {pair.Links}, renegotiated {Ms(pair.RenegotiatedMs)} ({pair.LinkHistory}), "
                + $"media back {Ms(pair.MediaBackMs)}, longest stall {pair.LongestStallMs:0} ms from {pair.LongestStallFromMs:0} ms, "
                + $"frames {pair.FramesAtKill} at the kill -> {pair.FramesAtEnd}{(pair.CounterRestarts > 0 ? $" (the counter restarted {pair.CounterRestarts}x: a new inbound video stream)" : string.Empty)}");
        }

        return text.ToString();
    }

    private static PairFigures Pair(double killedAt, double? back, RecordedPage viewer, RecordedPage sender, IReadOnlyList<PageRecording.Link> links)
    {
        var numbers = links.Select(l => l.N).ToHashSet();
        var afterKill = links.SelectMany(l => l.Events.Where(e => e.At >= killedAt).Select(e => (l.N, e))).OrderBy(x => x.e.At).ToArray();
        var settled = afterKill.Where(x => x.e.Kind == "signaling" && x.e.State == "stable").Select(x => (double?)x.e.At).LastOrDefault();
        var history = afterKill.Length == 0
            ? "no state change"
            : string.Join(' ', afterKill.Select(x => $"#{x.N}:{x.e.Kind}={x.e.State}@{x.e.At - killedAt:0}"));

        // Frames of the sender's video, per sample: the links' counters (a replaced link starts at 0 again).
        var samples = viewer.Recording.Samples
            .Select(s => (s.At, Frames: s.Frames.Where(f => numbers.Contains(f.Key)).ToDictionary(f => f.Key, f => f.Value)))
            .ToArray();
        long framesAtKill = 0;
        double? mediaBack = null;
        var reference = Math.Max(back ?? double.PositiveInfinity, settled ?? double.NegativeInfinity);
        var lastGrowth = killedAt - 1000;
        var longestStall = 0.0;
        var stallEnd = lastGrowth;
        var counterRestarts = 0;
        for (var i = 1; i < samples.Length; i++)
        {
            var (at, frames) = samples[i];
            var previous = samples[i - 1].Frames;
            var grew = frames.Any(f => f.Value > previous.GetValueOrDefault(f.Key, 0));
            counterRestarts += frames.Count(f => previous.TryGetValue(f.Key, out var before) && f.Value < before);
            if (at <= killedAt)
            {
                framesAtKill = frames.Values.Sum();
            }

            if (!grew || at < killedAt - 1000)
            {
                continue;
            }

            if (at - lastGrowth > longestStall)
            {
                longestStall = at - lastGrowth;
                stallEnd = at;
            }

            lastGrowth = at;
            if (mediaBack is null && samples[i - 1].At >= reference)
            {
                mediaBack = at - killedAt;
            }
        }

        if (samples.Length > 0 && samples[^1].At - lastGrowth > longestStall)
        {
            longestStall = samples[^1].At - lastGrowth;
            stallEnd = samples[^1].At;
        }

        return new PairFigures(
            viewer.Name,
            sender.Name,
            links.Count == 0 ? "none" : string.Join(',', links.Select(l => "#" + l.N.ToString(CultureInfo.InvariantCulture) + (l.CreatedAt >= killedAt ? " (new)" : string.Empty))),
            settled - killedAt,
            history,
            mediaBack,
            longestStall,
            stallEnd - longestStall - killedAt,
            counterRestarts,
            framesAtKill,
            samples.Length == 0 ? 0 : samples[^1].Frames.Values.Sum());
    }

    private static double? FirstState(PageRecording recording, double after, string state)
        => recording.States.Where(s => s.At >= after && s.State == state).Select(s => (double?)s.At).FirstOrDefault();

    private static string Ms(double? ms) => ms is { } value ? value.ToString("0", CultureInfo.InvariantCulture) + " ms" : "never";

    /// <summary>One page: the participant's name and peer id, the local streams it sends and what it recorded.</summary>
    public sealed record RecordedPage(string Name, string PeerId, IReadOnlyList<string> LocalStreamIds, PageRecording Recording);

    public sealed record PageFigures(string Name, double? ReconnectingMs, double? ReconnectedMs);

    public sealed record PairFigures(
        string Viewer,
        string Sender,
        string Links,
        double? RenegotiatedMs,
        string LinkHistory,
        double? MediaBackMs,
        double LongestStallMs,
        double LongestStallFromMs,
        int CounterRestarts,
        long FramesAtKill,
        long FramesAtEnd);
}
