using Meeting.WebRtc.Rtp;

namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>One RTP stream a test peer publishes: its sequence numbers and timestamps. The transport-wide
/// sequence number every packet carries is the peer's (shared by its streams, as in a browser).</summary>
internal sealed class OutgoingStream
{
    private readonly Lock _gate = new();
    private readonly uint _timestampStep;
    private ushort _sequence = (ushort)Random.Shared.Next(0, 30000);
    private uint _timestamp = (uint)Random.Shared.NextInt64(0, uint.MaxValue);

    public OutgoingStream(uint ssrc, byte payloadType, uint timestampStep)
    {
        Ssrc = ssrc;
        PayloadType = payloadType;
        _timestampStep = timestampStep;
    }

    public uint Ssrc { get; }

    public byte PayloadType { get; }

    /// <summary>The next packet: header, a transport-wide sequence number extension, the payload.</summary>
    public (byte[] Plain, SentRtp Sent) Next(byte[] payload, byte wideId, ushort wide)
    {
        lock (_gate)
        {
            var sequence = _sequence++;
            var timestamp = _timestamp;
            _timestamp += _timestampStep;
            Span<byte> extension = stackalloc byte[8];
            var writer = new RtpExtensionWriter(extension, twoByte: false);
            Span<byte> value = stackalloc byte[TransportWideSequenceNumberExtension.Size];
            TransportWideSequenceNumberExtension.Write(value, wide);
            writer.Add(wideId, value);
            var extensionLength = writer.Finish();
            var packet = new byte[RtpPacketWriter.GetHeaderSize(0, extension[..extensionLength]) + payload.Length];
            var headerLength = RtpPacketWriter.WriteHeader(packet, PayloadType, marker: true, sequence, timestamp, Ssrc, default, extension[..extensionLength]);
            payload.CopyTo(packet.AsSpan(headerLength));
            return (packet, new SentRtp(Ssrc, sequence, wide, payload, packet, []));
        }
    }
}
