namespace Meeting.WebRtc.Rtcp;

/// <summary>One SDES item: a type and up to 255 bytes of UTF-8 text.</summary>
/// <remarks>RFC 3550 §6.5</remarks>
public readonly record struct SdesItem(SdesItemType Type, string Text);
