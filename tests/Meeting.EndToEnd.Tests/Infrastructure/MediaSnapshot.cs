using System.Text.Json;

namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What the page's <c>window.meeting.mediaStats()</c> reports about its one media connection to the
/// room's home server: what it receives from each other peer (only m-lines still receiving), what it
/// sends, and the ICE candidate pair in use.
/// </summary>
public sealed record MediaSnapshot(
    string? TransportId,
    string ConnectionState,
    IReadOnlyDictionary<string, MediaSnapshot.PeerMedia> Peers,
    IReadOnlyDictionary<string, MediaSnapshot.OutboundRtp> Outbound,
    MediaSnapshot.CandidatePair? SelectedPair)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static MediaSnapshot Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement;
        var peers = element.GetProperty("peers").Deserialize<Dictionary<string, PeerMedia>>(Json) ?? [];
        var outbound = element.GetProperty("outbound").Deserialize<Dictionary<string, OutboundRtp>>(Json) ?? [];
        var pair = element.GetProperty("candidatePair") is { ValueKind: JsonValueKind.Object } p ? p.Deserialize<CandidatePair>(Json) : null;
        return new MediaSnapshot(
            element.GetProperty("transportId").GetString(),
            element.GetProperty("connectionState").GetString() ?? "unknown",
            peers,
            outbound,
            pair);
    }

    /// <summary>Video packets received from <paramref name="peerId"/>, 0 when none is forwarded.</summary>
    public long VideoPackets(string peerId) => Peers.TryGetValue(peerId, out var media) ? media.Video?.PacketsReceived ?? 0 : 0;

    public long AudioPackets(string peerId) => Peers.TryGetValue(peerId, out var media) ? media.Audio?.PacketsReceived ?? 0 : 0;

    public long FramesDecoded(string peerId) => Peers.TryGetValue(peerId, out var media) ? media.Video?.FramesDecoded ?? 0 : 0;

    public override string ToString() =>
        $"{ConnectionState} transport {TransportId}, pair {SelectedPair}, receiving from [{string.Join(", ", Peers.Select(p => $"{p.Key}: {p.Value}"))}]";

    public sealed record PeerMedia(InboundRtp? Audio, InboundRtp? Video);

    public sealed record InboundRtp(string? Mid, long PacketsReceived, long BytesReceived, long FramesDecoded);

    public sealed record OutboundRtp(long PacketsSent, long BytesSent, long FramesEncoded);

    public sealed record CandidatePair(string? State, string? LocalAddress, string? RemoteAddress, int? RemotePort, double? AvailableOutgoingBitrate, double? CurrentRoundTripTime);
}
