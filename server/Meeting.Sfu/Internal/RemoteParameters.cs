using Meeting.WebRtc.Dtls;
using Meeting.WebRtc.Ice;

namespace Meeting.Sfu.Internal;

/// <summary>What an answer tells the server about the browser: its ICE credentials, the fingerprint its
/// DTLS certificate must have, and the tracks it sends.</summary>
internal sealed record RemoteParameters(IceCredentials Ice, CertificateFingerprint Fingerprint, IReadOnlyList<PublishedTrack> Tracks, IReadOnlyList<string> Mids);
