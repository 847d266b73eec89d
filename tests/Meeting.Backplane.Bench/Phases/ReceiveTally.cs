namespace Meeting.Backplane.Bench.Phases;

/// <summary>Arrivals counted across every receive loop of a phase.</summary>
internal sealed class ReceiveTally
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public void Add() => Interlocked.Increment(ref _count);
}
