namespace Meeting.Server.Observability.Prometheus;

/// <summary>The tags of one measurement as the listener hands them over, used to find the measurement's
/// series without copying the tags anywhere.</summary>
internal readonly ref struct TagSpan(ReadOnlySpan<KeyValuePair<string, object?>> tags)
{
    public ReadOnlySpan<KeyValuePair<string, object?>> Tags { get; } = tags;
}
