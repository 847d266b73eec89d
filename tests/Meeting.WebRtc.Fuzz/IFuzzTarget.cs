namespace Meeting.WebRtc.Fuzz;

/// <summary>One parser under fuzzing. <see cref="Run"/> must never throw for any input: an exception
/// escaping it is a crash (the parsers' contract is "malformed input is refused, never thrown").</summary>
public interface IFuzzTarget
{
    /// <summary>The name given on the command line (lower case: stun, rtp, rtcp, sdp, dtls).</summary>
    string Name { get; }

    /// <summary>A few valid inputs the mutator starts from.</summary>
    IReadOnlyList<byte[]> Seeds { get; }

    void Run(ReadOnlySpan<byte> data);
}
