using System.Globalization;
using System.Text;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// The failover as the browsers saw it, from their <see cref="PageRecording"/>s and the moment the test
/// killed the server. All figures are milliseconds after the kill. Media runs through the SFU at the room's
/// home, so losing the home stops every page's video until it has a transport at the new home.
/// <list type="bullet">
/// <item><b>rejoined</b> (per page): its connection state turned <c>reconnected</c>, which the client sets
/// once its rejoin (Join with the same session) has answered: signalling back.</item>
/// <item><b>new transport</b> (per page): the first sample whose transport (MediaJoin's <c>transportId</c>)
/// differs from the one in use at the kill.</item>
/// <item><b>media connected</b> (per page): the first <c>RTCPeerConnection</c> opened after the kill
/// reported <c>connected</c> (ICE and DTLS done with the new home).</item>
/// <item><b>offers answered</b> (per page): each time the new connection's signalling state returned to
/// <c>stable</c>, i.e. an offer of the new home's (the first, and each renegotiation as others' media
/// arrived) was applied and answered.</item>
/// <item><b>candidate at the new home</b> (per page): the first sample on the new transport whose selected
/// candidate pair's remote address is the new home's announced IP.</item>
/// <item><b>video back</b> (per viewer and sender): the first sample on a new transport, through the new
/// home, in which framesDecoded of the sender's video grew. <see cref="VideoBackMs"/> is the latest over
/// every link: video back everywhere.</item>
/// <item><b>longest stall</b> (per viewer and sender): the longest time without a newly decoded frame, from
/// a second before the kill to the last sample.</item>
/// </list>
/// </summary>
internal sealed class FailoverFigures
{
    private FailoverFigures(IReadOnlyList<PageFigures> pages, IReadOnlyList<LinkFigures> links)
    {
        Pages = pages;
        Links = links;
    }

    public IReadOnlyList<PageFigures> Pages { get; }

    public IReadOnlyList<LinkFigures> Links { get; }

    public double RejoinedMs => Pages.Max(p => p.RejoinedMs ?? double.PositiveInfinity);

    public double NewTransportMs => Pages.Max(p => p.NewTransportMs ?? double.PositiveInfinity);

    public double MediaConnectedMs => Pages.Max(p => p.MediaConnectedMs ?? double.PositiveInfinity);

    public double CandidateAtNewHomeMs => Pages.Max(p => p.CandidateAtNewHomeMs ?? double.PositiveInfinity);

    /// <summary>Video back on every link: the latest <see cref="LinkFigures.VideoBackMs"/> (infinite when one never came back).</summary>
    public double VideoBackMs => Links.Max(l => l.VideoBackMs ?? double.PositiveInfinity);

    public double LongestStallMs => Links.Max(l => l.LongestStallMs);

    /// <param name="killedAt">When the home server was killed (Unix ms).</param>
    /// <param name="newHomeAddress">The announced media IP of the server that takes the room over.</param>
    public static FailoverFigures Compute(double killedAt, string newHomeAddress, IReadOnlyList<RecordedPage> pages)
    {
        var pageFigures = new List<PageFigures>();
        var links = new List<LinkFigures>();
        foreach (var viewer in pages)
        {
            var samples = viewer.Recording.Samples;
            var atKill = samples.LastOrDefault(s => s.At < killedAt);
            var oldTransport = atKill?.TransportId;
            bool OnNewHome(PageRecording.MediaSample s)
                => s.At >= killedAt && s.TransportId is not null && s.TransportId != oldTransport && s.RemoteAddress == newHomeAddress;

            var newTransport = samples.FirstOrDefault(s => s.At >= killedAt && s.TransportId is not null && s.TransportId != oldTransport);
            var atNewHome = samples.FirstOrDefault(OnNewHome);
            var connected = viewer.Recording.Connections
                .Where(c => c.CreatedAt >= killedAt)
                .SelectMany(c => c.Events)
                .Where(e => e.Kind == "connection" && e.State == "connected")
                .Select(e => (double?)e.At)
                .Min();
            var answered = viewer.Recording.Connections
                .Where(c => c.CreatedAt >= killedAt)
                .SelectMany(c => c.Events)
                .Where(e => e.Kind == "signaling" && e.State == "stable")
                .Select(e => e.At - killedAt)
                .Order()
                .ToArray();
            var last = samples.Count == 0 ? null : samples[^1];
            pageFigures.Add(new PageFigures(
                viewer.Name,
                Since(killedAt, FirstState(viewer.Recording, killedAt, "reconnecting")),
                Since(killedAt, FirstState(viewer.Recording, killedAt, "reconnected")),
                Since(killedAt, newTransport?.At),
                Since(killedAt, connected),
                Since(killedAt, atNewHome?.At),
                answered,
                oldTransport,
                Endpoint(atKill),
                last?.TransportId,
                Endpoint(last)));

            foreach (var sender in pages.Where(s => s != viewer))
            {
                links.Add(Link(killedAt, viewer, sender, OnNewHome));
            }
        }

        return new FailoverFigures(pageFigures, links);
    }

    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var page in Pages)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {page.Name}: reconnecting {Ms(page.ReconnectingMs)}, rejoined {Ms(page.RejoinedMs)}, new transport {Ms(page.NewTransportMs)}, "
                + $"media connected {Ms(page.MediaConnectedMs)}, candidate at the new home {Ms(page.CandidateAtNewHomeMs)}, "
                + $"offers answered at {(page.OffersAnsweredMs.Count == 0 ? "never" : string.Join(", ", page.OffersAnsweredMs.Select(ms => Ms(ms))))}; "
                + $"transport {page.TransportAtKill ?? "none"} via {page.EndpointAtKill} -> {page.TransportAtEnd ?? "none"} via {page.EndpointAtEnd}");
        }

        foreach (var link in Links)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"  {link.Viewer} sees {link.Sender}: video back {Ms(link.VideoBackMs)}, longest stall {link.LongestStallMs:0} ms from {link.LongestStallFromMs:0} ms, "
                + $"frames {link.FramesAtKill} at the kill -> {link.FramesAtEnd} on the last transport");
        }

        return text.ToString();
    }

    public string Summary(int pages) => string.Create(
        CultureInfo.InvariantCulture,
        $"browser failover ({pages} pages): rejoined {RejoinedMs:0} ms, new transport {NewTransportMs:0} ms, media connected {MediaConnectedMs:0} ms, "
        + $"candidate at the new home {CandidateAtNewHomeMs:0} ms, video back on every link {VideoBackMs:0} ms, longest video stall {LongestStallMs:0} ms");

    private static LinkFigures Link(double killedAt, RecordedPage viewer, RecordedPage sender, Func<PageRecording.MediaSample, bool> onNewHome)
    {
        // A new transport counts its frames from 0, so growth is judged against the same transport's last read.
        var lastFrames = new Dictionary<string, long>(StringComparer.Ordinal);
        var from = killedAt - 1000;
        var lastGrowth = from;
        var longestStall = 0.0;
        var stallEnd = from;
        double? videoBack = null;
        long framesAtKill = 0;
        long framesAtEnd = 0;
        foreach (var sample in viewer.Recording.Samples)
        {
            if (sample.TransportId is null || !sample.Frames.TryGetValue(sender.PeerId, out var frames))
            {
                continue;
            }

            var grew = frames > lastFrames.GetValueOrDefault(sample.TransportId, 0);
            lastFrames[sample.TransportId] = frames;
            framesAtEnd = frames;
            if (sample.At < killedAt)
            {
                framesAtKill = frames;
            }

            if (!grew || sample.At < from)
            {
                continue;
            }

            if (sample.At - lastGrowth > longestStall)
            {
                longestStall = sample.At - lastGrowth;
                stallEnd = sample.At;
            }

            lastGrowth = sample.At;
            if (videoBack is null && onNewHome(sample))
            {
                videoBack = sample.At - killedAt;
            }
        }

        var samples = viewer.Recording.Samples;
        if (samples.Count > 0 && samples[^1].At - lastGrowth > longestStall)
        {
            longestStall = samples[^1].At - lastGrowth;
            stallEnd = samples[^1].At;
        }

        return new LinkFigures(viewer.Name, sender.Name, videoBack, longestStall, stallEnd - longestStall - killedAt, framesAtKill, framesAtEnd);
    }

    private static string Endpoint(PageRecording.MediaSample? sample)
        => sample?.RemoteAddress is { } address ? $"{address}:{sample.RemotePort}" : "no candidate pair";

    private static double? FirstState(PageRecording recording, double after, string state)
        => recording.States.Where(s => s.At >= after && s.State == state).Select(s => (double?)s.At).FirstOrDefault();

    private static double? Since(double killedAt, double? at) => at - killedAt;

    private static string Ms(double? ms) => ms is { } value ? value.ToString("0", CultureInfo.InvariantCulture) + " ms" : "never";

    /// <summary>One page: the participant's name and peer id and what it recorded.</summary>
    public sealed record RecordedPage(string Name, string PeerId, PageRecording Recording);

    public sealed record PageFigures(
        string Name,
        double? ReconnectingMs,
        double? RejoinedMs,
        double? NewTransportMs,
        double? MediaConnectedMs,
        double? CandidateAtNewHomeMs,
        IReadOnlyList<double> OffersAnsweredMs,
        string? TransportAtKill,
        string EndpointAtKill,
        string? TransportAtEnd,
        string EndpointAtEnd);

    public sealed record LinkFigures(
        string Viewer,
        string Sender,
        double? VideoBackMs,
        double LongestStallMs,
        double LongestStallFromMs,
        long FramesAtKill,
        long FramesAtEnd);
}
