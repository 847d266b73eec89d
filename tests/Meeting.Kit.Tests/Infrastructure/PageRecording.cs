using System.Text.Json;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>What <see cref="FailoverRecorderScript"/> recorded in one page; times are Unix milliseconds.</summary>
internal sealed record PageRecording(
    IReadOnlyList<PageRecording.StateChange> States,
    IReadOnlyList<PageRecording.Connection> Connections,
    IReadOnlyList<PageRecording.MediaSample> Samples)
{
    public static PageRecording Parse(JsonElement json) => new(
        json.GetProperty("states").EnumerateArray()
            .Select(s => new StateChange(s.GetProperty("t").GetDouble(), s.GetProperty("state").GetString() ?? string.Empty))
            .ToArray(),
        json.GetProperty("connections").EnumerateArray()
            .Select(c => new Connection(
                c.GetProperty("n").GetInt32(),
                c.GetProperty("createdAt").GetDouble(),
                c.GetProperty("events").EnumerateArray()
                    .Select(e => new ConnectionEvent(e.GetProperty("t").GetDouble(), e.GetProperty("kind").GetString() ?? string.Empty, e.GetProperty("state").GetString() ?? string.Empty))
                    .ToArray()))
            .ToArray(),
        json.GetProperty("samples").EnumerateArray().Select(MediaSample.Parse).ToArray());

    private static string? StringOrNull(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>The page's connection state (connecting, connected, reconnecting, reconnected, …) from <paramref name="At"/> on.</summary>
    public sealed record StateChange(double At, string State);

    /// <summary>One <c>RTCPeerConnection</c> of the page (one per media transport): <paramref name="N"/> numbers
    /// them in the order they were opened.</summary>
    public sealed record Connection(int N, double CreatedAt, IReadOnlyList<ConnectionEvent> Events);

    /// <summary><paramref name="Kind"/> is <c>connection</c> (<c>connectionState</c>) or <c>signaling</c> (<c>signalingState</c>).</summary>
    public sealed record ConnectionEvent(double At, string Kind, string State);

    /// <summary>One read of <c>window.meeting.mediaStats()</c>: the transport in use (null when there is none),
    /// its selected candidate pair's remote end, and framesDecoded of each remote peer's video by peer id
    /// (a new transport's counters start at 0 again).</summary>
    public sealed record MediaSample(
        double At,
        string? TransportId,
        string? RemoteAddress,
        int? RemotePort,
        IReadOnlyDictionary<string, long> Frames)
    {
        /// <summary>The recorder's shape: <c>{ t, transportId, remoteAddress, remotePort, frames: { peerId: n } }</c>.</summary>
        public static MediaSample Parse(JsonElement s) => new(
            s.GetProperty("t").GetDouble(),
            StringOrNull(s.GetProperty("transportId")),
            StringOrNull(s.GetProperty("remoteAddress")),
            s.GetProperty("remotePort").ValueKind == JsonValueKind.Number ? s.GetProperty("remotePort").GetInt32() : null,
            s.GetProperty("frames").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal));
    }
}
