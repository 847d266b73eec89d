namespace Meeting.Sfu.Tests.Infrastructure;

/// <summary>The one bound on every wait of this suite: generous, because the machine is shared, and never
/// asserted on (a test fails by timing out, not by being slow).</summary>
internal static class Bounds
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
}
