using Meeting.WebRtc.Rtp;

namespace Meeting.WebRtc.Tests.Rtp;

public sealed class RtpExtensionTypesTests
{
    [Fact]
    public void Uris_AreTheNegotiatedStrings()
    {
        Assert.Equal("urn:ietf:params:rtp-hdrext:sdes:mid", RtpExtensionUris.Mid);
        Assert.Equal("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", RtpExtensionUris.AbsSendTime);
        Assert.Equal("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", RtpExtensionUris.TransportWideSequenceNumber);
        Assert.Equal("urn:ietf:params:rtp-hdrext:ssrc-audio-level", RtpExtensionUris.AudioLevel);
    }

    [Fact]
    public void Mid_CompareAndRead()
    {
        byte[] value = "a1"u8.ToArray();
        Assert.True(MidExtension.MidEquals(value, "a1"));
        Assert.False(MidExtension.MidEquals(value, "a2"));
        Assert.False(MidExtension.MidEquals(value, "a10"));
        Assert.False(MidExtension.MidEquals(value, "a"));
        Assert.True(MidExtension.TryRead(value, out var mid));
        Assert.Equal("a1", mid);
        Assert.False(MidExtension.TryRead([], out _));
        Assert.False(MidExtension.TryRead([0x61, 0x00], out _));
        Assert.False(MidExtension.TryRead([0xC3, 0xA9], out _));
    }

    [Fact]
    public void Mid_InPacket_IsFoundAndCompared()
    {
        var packet = BuildWithExtension(4, "video0"u8);
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(MidExtension.PacketHasMid(packet, header, 4, "video0"));
        Assert.False(MidExtension.PacketHasMid(packet, header, 4, "video1"));
        Assert.False(MidExtension.PacketHasMid(packet, header, 5, "video0"));

        var written = new byte[8];
        Assert.Equal(6, MidExtension.Write(written, "video0"));
        Assert.Equal("video0"u8.ToArray(), written[..6]);
    }

    [Fact]
    public void AbsSendTime_SixEighteenFixedPoint()
    {
        // 1.5 s = 1 << 18 + 1 << 17 = 0x060000
        var value = new byte[3];
        Assert.Equal(3, AbsSendTimeExtension.Write(value, TimeSpan.FromSeconds(1.5)));
        Assert.Equal(new byte[] { 0x06, 0x00, 0x00 }, value);
        Assert.True(AbsSendTimeExtension.TryRead(value, out var raw));
        Assert.Equal(0x060000u, raw);
        Assert.Equal(TimeSpan.FromSeconds(1.5), AbsSendTimeExtension.ToTimeSpan(raw));

        // Seconds wrap at 64: 65.25 s is written as 1.25 s = 0x050000.
        AbsSendTimeExtension.Write(value, TimeSpan.FromSeconds(65.25));
        Assert.Equal(new byte[] { 0x05, 0x00, 0x00 }, value);

        // The largest value is just under 64 s.
        Assert.Equal(0xFFFFFFu, AbsSendTimeExtension.FromTimeSpan(TimeSpan.FromSeconds(64) - TimeSpan.FromTicks(1)));
        Assert.False(AbsSendTimeExtension.TryRead([1, 2], out _));
    }

    [Fact]
    public void TransportWideSequenceNumber_ReadAndRewriteInPlace()
    {
        var packet = BuildWithExtension(3, [0x12, 0x34]);
        Assert.True(RtpHeader.TryParse(packet, out var header));
        Assert.True(TransportWideSequenceNumberExtension.TryRead(packet, header, 3, out var sequence));
        Assert.Equal(0x1234, sequence);

        Assert.True(TransportWideSequenceNumberExtension.TryWrite(packet, header, 3, 0xFFFF));
        Assert.True(TransportWideSequenceNumberExtension.TryRead(packet, header, 3, out sequence));
        Assert.Equal(0xFFFF, sequence);
        Assert.False(TransportWideSequenceNumberExtension.TryWrite(packet, header, 9, 1));
    }

    [Fact]
    public void AudioLevel_VoiceBitAndLevel()
    {
        Assert.True(AudioLevelExtension.TryRead([0x85], out var voice, out var level));
        Assert.True(voice);
        Assert.Equal(5, level);
        Assert.True(AudioLevelExtension.TryRead([0x7F], out voice, out level));
        Assert.False(voice);
        Assert.Equal(127, level);
        Assert.False(AudioLevelExtension.TryRead([], out _, out _));

        var value = new byte[1];
        AudioLevelExtension.Write(value, true, 30);
        Assert.Equal(0x9E, value[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioLevelExtension.Write(value, false, 128));
    }

    internal static byte[] BuildWithExtension(byte id, ReadOnlySpan<byte> value)
    {
        var block = new byte[32];
        var writer = new RtpExtensionWriter(block, twoByte: false);
        writer.Add(1, [0x85]);
        writer.Add(id, value);
        var blockLength = writer.Finish();
        var packet = new byte[12 + blockLength + 4];
        RtpPacketWriter.WriteHeader(packet, 96, false, 1, 2, 3, default, block.AsSpan(0, blockLength));
        return packet;
    }
}
