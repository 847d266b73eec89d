namespace Meeting.Bench.Clients;

/// <summary>A connection that signals one peer of its room, with the frame writer for that peer.</summary>
internal sealed record SenderPair(BenchConnection From, BenchConnection To, string SignalMethod)
{
    public SignalFrameWriter Writer { get; } = new(SignalMethod, To.PeerId);
}
