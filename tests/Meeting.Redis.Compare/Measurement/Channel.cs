namespace Meeting.Redis.Compare.Measurement;

/// <summary>The two ways host A reaches host B's client.</summary>
internal enum Channel
{
    All = 0,
    Group = 1,
}
