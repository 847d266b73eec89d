namespace Meeting.Sfu;

/// <summary>A newly created transport and the first offer for it.</summary>
public sealed record TransportOffer(string TransportId, string Sdp, int Revision);
