namespace Meeting.Redis.Commands;

/// <summary>One entry of a stream, as XRANGE returns it.</summary>
/// <param name="Id">The entry id, <c>1700000000000-0</c>.</param>
/// <param name="Fields">Its field/value pairs in the order they were added.</param>
public sealed record StreamEntry(string Id, IReadOnlyList<KeyValuePair<string, string>> Fields);
