using System.Globalization;

namespace Meeting.WebRtc.Sdp;

/// <summary>One payload type of an m-section: its a=rtpmap, a=fmtp and a=rtcp-fb lines together.</summary>
/// <remarks>rtpmap and fmtp are RFC 8866 §6.6 and §6.15; rtcp-fb is RFC 4585 §4.2 (nack, nack pli),
/// RFC 5104 §7.1 (ccm fir); rtx and its apt parameter are RFC 4588 §8.1.</remarks>
public sealed class SdpCodec
{
    public const string Opus = "opus";
    public const string Vp8 = "VP8";
    public const string Vp9 = "VP9";
    public const string H264 = "H264";
    public const string Av1 = "AV1";
    public const string Rtx = "rtx";
    public const string Red = "red";
    public const string Ulpfec = "ulpfec";

    /// <summary>rtx's fmtp parameter naming the payload type it retransmits (RFC 4588 §8.1).</summary>
    public const string AptParameter = "apt";

    public SdpCodec()
    {
    }

    public SdpCodec(byte payloadType, string name, int clockRate, int? channels = null, string? parameters = null)
    {
        PayloadType = payloadType;
        Name = name;
        ClockRate = clockRate;
        Channels = channels;
        Parameters = parameters;
    }

    /// <summary>0-127.</summary>
    public byte PayloadType { get; set; }

    /// <summary>The encoding name as written ("opus", "VP8", "H264"); compare ignoring case.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The RTP clock rate in Hz (48000 for opus, 90000 for video).</summary>
    public int ClockRate { get; set; }

    /// <summary>The encoding parameters of an audio rtpmap: the channel count (2 for opus); null when not written.</summary>
    public int? Channels { get; set; }

    /// <summary>The a=fmtp value after the payload type, as written (e.g. "minptime=10;useinbandfec=1"); null without fmtp.</summary>
    public string? Parameters { get; set; }

    /// <summary>The a=rtcp-fb values after the payload type, in order ("nack", "nack pli", "ccm fir", "goog-remb", "transport-cc").</summary>
    public List<string> FeedbackTypes { get; } = [];

    /// <summary>The fmtp parameters as key/value pairs (keys ignore case; a bare item such as red's "111/111"
    /// maps to ""). Computed from <see cref="Parameters"/> on each call.</summary>
    public IReadOnlyDictionary<string, string> ParameterMap
    {
        get
        {
            var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            if (Parameters is null)
            {
                return map;
            }

            foreach (var item in Parameters.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = item.IndexOf('=');
                if (equals < 0)
                {
                    map.TryAdd(item, string.Empty);
                }
                else
                {
                    map.TryAdd(item[..equals].TrimEnd(), item[(equals + 1)..].TrimStart());
                }
            }

            return map;
        }
    }

    /// <summary>For rtx: the payload type it repairs, from the apt parameter; null when absent or not a payload type.</summary>
    public int? AssociatedPayloadType =>
        GetParameter(AptParameter) is { } apt && SdpTokens.TryParsePayloadType(apt, out var payloadType) ? payloadType : null;

    public bool IsRtx => Name.Equals(Rtx, StringComparison.OrdinalIgnoreCase);

    /// <summary>One fmtp parameter's value, e.g. GetParameter("profile-level-id"); null when absent.</summary>
    public string? GetParameter(string key) => ParameterMap.TryGetValue(key, out var value) ? value : null;

    /// <summary>Whether a=rtcp-fb lists <paramref name="feedback"/> (e.g. "nack pli"), ignoring case.</summary>
    public bool HasFeedback(string feedback) =>
        FeedbackTypes.Exists(f => f.Equals(feedback, StringComparison.OrdinalIgnoreCase));

    /// <summary>An rtx codec retransmitting <paramref name="associatedPayloadType"/> (RFC 4588 §8.1).</summary>
    public static SdpCodec CreateRtx(byte payloadType, byte associatedPayloadType, int clockRate = 90000) =>
        new(payloadType, Rtx, clockRate, parameters: AptParameter + "=" + associatedPayloadType.ToString(CultureInfo.InvariantCulture));

    /// <summary>The a=rtpmap value: "&lt;pt&gt; &lt;name&gt;/&lt;clock&gt;[/&lt;channels&gt;]".</summary>
    internal string RtpmapValue() => Channels is { } channels
        ? $"{PayloadType} {Name}/{ClockRate}/{channels}"
        : $"{PayloadType} {Name}/{ClockRate}";

    public override string ToString() => RtpmapValue();
}
