namespace Meeting.WebRtc.Tests.Sdp;

/// <summary>Offers in the shape Chromium and Firefox write them (written for these tests, with made-up
/// ids, keys and addresses), and the RFC examples. The fuzz target's seeds
/// (tests/Meeting.WebRtc.Fuzz/Targets/SdpTarget.cs) carry copies of the two browser offers.</summary>
internal static class SdpSamples
{
    /// <summary>A Chromium Unified Plan offer after gathering: audio + video bundled, mDNS host and srflx
    /// candidates (Chromium writes them after a=rtcp), opus/red/G722/PCMU/PCMA/CN/telephone-event,
    /// VP8/VP9/AV1/H264 each with rtx, red/ulpfec, ssrc-group FID.</summary>
    public static readonly string ChromiumOffer = Crlf("""
v=0
o=- 4611731400430051336 2 IN IP4 127.0.0.1
s=-
t=0 0
a=group:BUNDLE 0 1
a=extmap-allow-mixed
a=msid-semantic: WMS 8ca81811-66d2-4876-b2fd-f2022a96fb1a
m=audio 51234 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126
c=IN IP4 203.0.113.7
a=rtcp:9 IN IP4 0.0.0.0
a=candidate:2911634736 1 udp 2122260223 0c7d1e2f-3a4b-4c5d-8e9f-a0b1c2d3e4f5.local 51234 typ host generation 0 network-id 1 network-cost 10
a=candidate:842163049 1 udp 1686052607 203.0.113.7 51234 typ srflx raddr 0.0.0.0 rport 0 generation 0 network-id 1 network-cost 10
a=candidate:3715846298 1 tcp 1518280447 0c7d1e2f-3a4b-4c5d-8e9f-a0b1c2d3e4f5.local 9 typ host tcptype active generation 0 network-id 1 network-cost 10
a=ice-ufrag:Hn7c
a=ice-pwd:Vb3q9TzL1kMx0pRw7YcN5sDe
a=ice-options:trickle
a=fingerprint:sha-256 A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C
a=setup:actpass
a=mid:0
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=sendrecv
a=msid:8ca81811-66d2-4876-b2fd-f2022a96fb1a d1bc52d9-230d-477e-a225-71594720771f
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:111 opus/48000/2
a=rtcp-fb:111 transport-cc
a=fmtp:111 minptime=10;useinbandfec=1
a=rtpmap:63 red/48000/2
a=fmtp:63 111/111
a=rtpmap:9 G722/8000
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:13 CN/8000
a=rtpmap:110 telephone-event/48000
a=rtpmap:126 telephone-event/8000
a=ssrc:1849235710 cname:kD8vQ2sPq7Lr0mZx
a=ssrc:1849235710 msid:8ca81811-66d2-4876-b2fd-f2022a96fb1a d1bc52d9-230d-477e-a225-71594720771f
m=video 51234 UDP/TLS/RTP/SAVPF 96 97 98 99 100 101 45 46 102 103 114 115 116
c=IN IP4 203.0.113.7
a=rtcp:9 IN IP4 0.0.0.0
a=ice-ufrag:Hn7c
a=ice-pwd:Vb3q9TzL1kMx0pRw7YcN5sDe
a=ice-options:trickle
a=fingerprint:sha-256 A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C
a=setup:actpass
a=mid:1
a=extmap:14 urn:ietf:params:rtp-hdrext:toffset
a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:13 urn:3gpp:video-orientation
a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type
a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing
a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space
a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id
a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id
a=sendrecv
a=msid:8ca81811-66d2-4876-b2fd-f2022a96fb1a 47469a4d-8cdb-405f-9d2e-16096e36aab0
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:96 VP8/90000
a=rtcp-fb:96 goog-remb
a=rtcp-fb:96 transport-cc
a=rtcp-fb:96 ccm fir
a=rtcp-fb:96 nack
a=rtcp-fb:96 nack pli
a=rtpmap:97 rtx/90000
a=fmtp:97 apt=96
a=rtpmap:98 VP9/90000
a=rtcp-fb:98 goog-remb
a=rtcp-fb:98 transport-cc
a=rtcp-fb:98 ccm fir
a=rtcp-fb:98 nack
a=rtcp-fb:98 nack pli
a=fmtp:98 profile-id=0
a=rtpmap:99 rtx/90000
a=fmtp:99 apt=98
a=rtpmap:100 VP9/90000
a=rtcp-fb:100 goog-remb
a=rtcp-fb:100 transport-cc
a=rtcp-fb:100 ccm fir
a=rtcp-fb:100 nack
a=rtcp-fb:100 nack pli
a=fmtp:100 profile-id=2
a=rtpmap:101 rtx/90000
a=fmtp:101 apt=100
a=rtpmap:45 AV1/90000
a=rtcp-fb:45 goog-remb
a=rtcp-fb:45 transport-cc
a=rtcp-fb:45 ccm fir
a=rtcp-fb:45 nack
a=rtcp-fb:45 nack pli
a=fmtp:45 level-idx=5;profile=0;tier=0
a=rtpmap:46 rtx/90000
a=fmtp:46 apt=45
a=rtpmap:102 H264/90000
a=rtcp-fb:102 goog-remb
a=rtcp-fb:102 transport-cc
a=rtcp-fb:102 ccm fir
a=rtcp-fb:102 nack
a=rtcp-fb:102 nack pli
a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f
a=rtpmap:103 rtx/90000
a=fmtp:103 apt=102
a=rtpmap:114 red/90000
a=rtpmap:115 rtx/90000
a=fmtp:115 apt=114
a=rtpmap:116 ulpfec/90000
a=ssrc-group:FID 2734017398 3108844471
a=ssrc:2734017398 cname:kD8vQ2sPq7Lr0mZx
a=ssrc:2734017398 msid:8ca81811-66d2-4876-b2fd-f2022a96fb1a 47469a4d-8cdb-405f-9d2e-16096e36aab0
a=ssrc:3108844471 cname:kD8vQ2sPq7Lr0mZx
a=ssrc:3108844471 msid:8ca81811-66d2-4876-b2fd-f2022a96fb1a 47469a4d-8cdb-405f-9d2e-16096e36aab0
""");

    /// <summary>A Firefox offer: session-level fingerprint, attributes sorted by name (so every fmtp comes
    /// before its rtpmap), PTs 109/120/121/126/97, extmaps with directions, msid-less a=ssrc lines, no
    /// a=rtcp and no candidates (Firefox trickles them).</summary>
    public static readonly string FirefoxOffer = Crlf("""
v=0
o=mozilla...THIS_IS_SDPARTA-128.0 7180943826142063521 0 IN IP4 0.0.0.0
s=-
t=0 0
a=fingerprint:sha-256 34:60:BE:31:20:1E:69:FE:DA:A0:EE:E8:B9:99:7F:5C:7C:29:99:FD:AF:E5:93:25:3C:D6:54:AF:4D:FA:D7:14
a=group:BUNDLE 0 1
a=ice-options:trickle
a=msid-semantic:WMS *
m=audio 9 UDP/TLS/RTP/SAVPF 109 9 0 8 101
c=IN IP4 0.0.0.0
a=sendrecv
a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level
a=extmap:2/recvonly urn:ietf:params:rtp-hdrext:csrc-audio-level
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
a=fmtp:109 maxplaybackrate=48000;stereo=1;useinbandfec=1
a=fmtp:101 0-15
a=ice-pwd:4770f58904dba41ecccc3fc1626e53a1
a=ice-ufrag:3043b026
a=mid:0
a=msid:{5bd86d40-fc89-4b4a-aa50-df4db4d66a3a} {f52ddf5d-6164-49c9-a25a-7605aec6f024}
a=rtcp-mux
a=rtpmap:109 opus/48000/2
a=rtpmap:9 G722/8000/1
a=rtpmap:0 PCMU/8000
a=rtpmap:8 PCMA/8000
a=rtpmap:101 telephone-event/8000/1
a=setup:actpass
a=ssrc:3841938571 cname:{9c1e4a2b-7d3f-4e8a-b6c5-1f2e3d4c5b6a}
m=video 9 UDP/TLS/RTP/SAVPF 120 124 121 125 126 127 97 98 123 122 119
c=IN IP4 0.0.0.0
a=sendrecv
a=extmap:3 urn:ietf:params:rtp-hdrext:sdes:mid
a=extmap:4 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time
a=extmap:5 urn:ietf:params:rtp-hdrext:toffset
a=extmap:6/recvonly http://www.webrtc.org/experiments/rtp-hdrext/playout-delay
a=extmap:7 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01
a=fmtp:126 profile-level-id=42e01f;level-asymmetry-allowed=1;packetization-mode=1
a=fmtp:97 profile-level-id=42e01f;level-asymmetry-allowed=1
a=fmtp:120 max-fs=12288;max-fr=60
a=fmtp:124 apt=120
a=fmtp:121 max-fs=12288;max-fr=60
a=fmtp:125 apt=121
a=fmtp:127 apt=126
a=fmtp:98 apt=97
a=fmtp:119 apt=122
a=ice-pwd:4770f58904dba41ecccc3fc1626e53a1
a=ice-ufrag:3043b026
a=mid:1
a=msid:{5bd86d40-fc89-4b4a-aa50-df4db4d66a3a} {2d1c9af0-153e-4c2a-a6a2-c0bd3b1287ff}
a=rtcp-fb:120 nack
a=rtcp-fb:120 nack pli
a=rtcp-fb:120 ccm fir
a=rtcp-fb:120 goog-remb
a=rtcp-fb:120 transport-cc
a=rtcp-fb:121 nack
a=rtcp-fb:121 nack pli
a=rtcp-fb:121 ccm fir
a=rtcp-fb:121 goog-remb
a=rtcp-fb:121 transport-cc
a=rtcp-fb:126 nack
a=rtcp-fb:126 nack pli
a=rtcp-fb:126 ccm fir
a=rtcp-fb:126 goog-remb
a=rtcp-fb:126 transport-cc
a=rtcp-fb:97 nack
a=rtcp-fb:97 nack pli
a=rtcp-fb:97 ccm fir
a=rtcp-fb:97 goog-remb
a=rtcp-fb:97 transport-cc
a=rtcp-mux
a=rtcp-rsize
a=rtpmap:120 VP8/90000
a=rtpmap:124 rtx/90000
a=rtpmap:121 VP9/90000
a=rtpmap:125 rtx/90000
a=rtpmap:126 H264/90000
a=rtpmap:127 rtx/90000
a=rtpmap:97 H264/90000
a=rtpmap:98 rtx/90000
a=rtpmap:123 ulpfec/90000
a=rtpmap:122 red/90000
a=rtpmap:119 rtx/90000
a=setup:actpass
a=ssrc:1512207466 cname:{9c1e4a2b-7d3f-4e8a-b6c5-1f2e3d4c5b6a}
a=ssrc:2958232398 cname:{9c1e4a2b-7d3f-4e8a-b6c5-1f2e3d4c5b6a}
a=ssrc-group:FID 1512207466 2958232398
""");

    /// <summary>The example session description of RFC 8866 §5.</summary>
    public static readonly string Rfc8866Example = Crlf("""
v=0
o=jdoe 3724394400 3724394405 IN IP4 198.51.100.1
s=Call to John Smith
i=SDP Offer #1
u=http://www.jdoe.example.com/home.html
e=Jane Doe <jane@jdoe.example.com>
p=+1 617 555-6011
c=IN IP4 198.51.100.1
t=0 0
m=audio 49170 RTP/AVP 0
m=audio 49180 RTP/AVP 0
m=video 51372 RTP/AVP 99
c=IN IP6 2001:db8::2
a=rtpmap:99 h263-1998/90000
""");

    /// <summary>The example of RFC 8839 §4.2.6, with the folded candidate line joined as the RFC says to read it.</summary>
    public static readonly string Rfc8839Example = Crlf("""
v=0
o=jdoe 2890844526 2890842807 IN IP4 203.0.113.141
s=
c=IN IP4 192.0.2.3
t=0 0
a=ice-options:ice2
a=ice-pacing:50
a=ice-pwd:asd88fgpdd777uzjYhagZg
a=ice-ufrag:8hhY
m=audio 45664 RTP/AVP 0
b=RS:0
b=RR:0
a=rtpmap:0 PCMU/8000
a=candidate:1 1 UDP 2130706431 203.0.113.141 8998 typ host
a=candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 203.0.113.141 rport 8998
""");

    public const string ChromiumFingerprint = "A5:4D:CA:18:25:30:BB:1D:6D:13:2C:DE:D6:23:7B:2E:D9:1E:3F:72:1F:CB:19:71:17:44:94:D6:49:3C:9D:5C";

    private static string Crlf(string text) => text.ReplaceLineEndings("\r\n") + "\r\n";
}
