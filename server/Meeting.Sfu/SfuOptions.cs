using System.ComponentModel.DataAnnotations;

namespace Meeting.Sfu;

/// <summary>Where the SFU listens for media and what it announces, bound from <c>Meeting:Media</c>.</summary>
public sealed class SfuOptions
{
    public const string SectionName = "Meeting:Media";

    /// <summary>The address the UDP socket binds. Every transport shares it (one port for the site, so a
    /// firewall needs one rule); datagrams are told apart by ICE username, then by verified address.
    /// The server defaults it to the site's public IP.</summary>
    public string ListenIp { get; set; } = string.Empty;

    /// <summary>The UDP port; 0 takes any free port (tests).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 40000;

    /// <summary>The address put in ICE candidates: the site's public IP. Empty = <see cref="ListenIp"/>.</summary>
    public string? AnnouncedIp { get; set; }

    /// <summary>Bound on one DTLS handshake, from the first datagram to the keys.</summary>
    public TimeSpan DtlsHandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A transport whose browser sent no valid connectivity check for this long is closed (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A transport that never completed ICE and DTLS within this long is closed.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often transport-wide congestion control feedback goes to each publisher. Chromium's
    /// send-side estimator expects feedback every 50-100 ms; without it the send rate stays near its start.</summary>
    public TimeSpan FeedbackInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>At most one keyframe request per producer per this interval (mediasoup waits 1 s too).</summary>
    public TimeSpan KeyFrameRequestInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Video packets kept per producer to answer NACKs (about 2 s at 2 Mbit/s).</summary>
    [Range(64, 8192)]
    public int RetransmissionPackets { get; set; } = 1024;

    /// <summary>Transports this server hosts at most; one more is refused with <c>media_unavailable</c>.</summary>
    [Range(1, 100_000)]
    public int MaxTransports { get; set; } = 1000;
}
