using System.Diagnostics;

namespace Meeting.Backplane.Bench.Measurement;

/// <summary>
/// The measured part of a phase, by send time: a message belongs to it when it was sent between <see cref="Open"/>
/// and <see cref="Close"/>, wherever and whenever it arrives. Read by receive loops while the phase runner sets it.
/// </summary>
internal sealed class MeasureWindow
{
    private long _start = long.MaxValue;
    private long _end = long.MaxValue;

    public TimeSpan Length => Stopwatch.GetElapsedTime(Volatile.Read(ref _start), Volatile.Read(ref _end));

    public void Open() => Volatile.Write(ref _start, Stopwatch.GetTimestamp());

    public void Close() => Volatile.Write(ref _end, Stopwatch.GetTimestamp());

    public bool Contains(long sentAt) => sentAt >= Volatile.Read(ref _start) && sentAt < Volatile.Read(ref _end);
}
