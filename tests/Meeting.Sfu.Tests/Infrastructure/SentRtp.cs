namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>One RTP packet a test peer sent: its plain form and the SRTP datagram that went out.</summary>
internal sealed record SentRtp(uint Ssrc, ushort SequenceNumber, ushort WideSequenceNumber, byte[] Payload, byte[] Plain, byte[] Protected);
