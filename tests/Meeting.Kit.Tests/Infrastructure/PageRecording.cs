using System.Globalization;
using System.Text.Json;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>What <see cref="FailoverRecorderScript"/> recorded in one page; times are Unix milliseconds.</summary>
internal sealed record PageRecording(
    IReadOnlyList<PageRecording.StateChange> States,
    IReadOnlyList<string> LocalStreamIds,
    IReadOnlyList<PageRecording.Link> Links,
    IReadOnlyList<PageRecording.FrameSample> Samples)
{
    public static PageRecording Parse(JsonElement json) => new(
        json.GetProperty("states").EnumerateArray()
            .Select(s => new StateChange(s.GetProperty("t").GetDouble(), s.GetProperty("state").GetString() ?? string.Empty))
            .ToArray(),
        json.GetProperty("localStreamIds").EnumerateArray().Select(s => s.GetString()!).ToArray(),
        json.GetProperty("links").EnumerateArray()
            .Select(l => new Link(
                l.GetProperty("n").GetInt32(),
                l.GetProperty("createdAt").GetDouble(),
                l.GetProperty("remoteStreamIds").EnumerateArray().Select(s => s.GetString()!).ToArray(),
                l.GetProperty("events").EnumerateArray()
                    .Select(e => new LinkEvent(e.GetProperty("t").GetDouble(), e.GetProperty("kind").GetString()!, e.GetProperty("state").GetString()!))
                    .ToArray()))
            .ToArray(),
        json.GetProperty("samples").EnumerateArray()
            .Select(s => new FrameSample(
                s.GetProperty("t").GetDouble(),
                s.GetProperty("frames").EnumerateObject().ToDictionary(
                    p => int.Parse(p.Name, CultureInfo.InvariantCulture),
                    p => p.Value.GetInt64())))
            .ToArray());

    /// <summary>The page's connection state (connecting, connected, reconnecting, reconnected, …) from <paramref name="At"/> on.</summary>
    public sealed record StateChange(double At, string State);

    /// <summary>One <c>RTCPeerConnection</c> of the page: <paramref name="N"/> numbers them in the order they were opened.</summary>
    public sealed record Link(int N, double CreatedAt, IReadOnlyList<string> RemoteStreamIds, IReadOnlyList<LinkEvent> Events);

    /// <summary><paramref name="Kind"/> is <c>signaling</c>, <c>ice</c> or <c>connection</c>.</summary>
    public sealed record LinkEvent(double At, string Kind, string State);

    /// <summary>framesDecoded of each open link's inbound video, by <see cref="Link.N"/>.</summary>
    public sealed record FrameSample(double At, IReadOnlyDictionary<int, long> Frames);
}
