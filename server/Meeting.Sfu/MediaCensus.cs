namespace Meeting.Sfu;

/// <summary>How much media one server hosts right now.</summary>
public sealed record MediaCensus(int Transports, int Producers, int Consumers);
