namespace Meeting.Sfu.Bench.Phases;

/// <summary>Growth per connected subscriber transport (each with a consumer of one publisher's video).</summary>
internal sealed record MemoryResult(int Transports, double ManagedBytesPerTransport, double WorkingSetBytesPerTransport, double ThreadsPerTransport);
