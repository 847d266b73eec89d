using Meeting.WebRtc.Srtp;

namespace Meeting.WebRtc.Dtls;

/// <summary>Settings of one <see cref="DtlsServerTransport"/>.</summary>
public sealed class DtlsServerOptions
{
    /// <summary>Smallest <see cref="Mtu"/> accepted: a handshake fragment must still carry some body after
    /// the 13-byte record header, the 12-byte handshake header and an AEAD's 24 bytes of expansion.</summary>
    public const int MinMtu = 200;

    /// <summary>Bound on the whole handshake, from <see cref="DtlsServerTransport.HandshakeAsync"/> to keys.</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Datagrams held for the handshake engine; further ones are dropped until it catches up.</summary>
    public int ReceiveQueueCapacity { get; set; } = 64;

    /// <summary>Largest datagram the server sends (UDP payload): handshake messages are fragmented and records
    /// sized to stay under it (RFC 6347 §4.1.1.1). 1200 keeps under every path WebRTC runs on, TURN included.</summary>
    public int Mtu { get; set; } = 1200;

    /// <summary>SRTP protection profiles in the server's order of preference (RFC 5764 §4.1.1: the server
    /// picks one the client offered).</summary>
    public SrtpProfile[] Profiles { get; set; } = [SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80];

    /// <summary>Clock behind <see cref="HandshakeTimeout"/>. BouncyCastle's retransmission timers read the
    /// system clock themselves; this one only bounds the wait.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HandshakeTimeout, TimeSpan.Zero, nameof(HandshakeTimeout));
        ArgumentOutOfRangeException.ThrowIfLessThan(ReceiveQueueCapacity, 1, nameof(ReceiveQueueCapacity));
        ArgumentOutOfRangeException.ThrowIfLessThan(Mtu, MinMtu, nameof(Mtu));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Mtu, DtlsRecordFraming.MaxDatagramLength, nameof(Mtu));
        ArgumentNullException.ThrowIfNull(Profiles, nameof(Profiles));
        ArgumentNullException.ThrowIfNull(TimeProvider, nameof(TimeProvider));
        if (Profiles.Length == 0 || Profiles.Any(p => !Enum.IsDefined(p)) || Profiles.Distinct().Count() != Profiles.Length)
        {
            throw new ArgumentException("Profiles must list distinct, known SRTP profiles.", nameof(Profiles));
        }
    }
}
