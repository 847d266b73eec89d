namespace Meeting.Backplane.Bench.Clients;

/// <summary>A Signal or Chat that reached a peer: when it was sent (the timestamp it carries), when it arrived, and from which site.</summary>
internal readonly record struct Arrival(InboundKind Kind, long SentAt, long ReceivedAt, int FromSite);
