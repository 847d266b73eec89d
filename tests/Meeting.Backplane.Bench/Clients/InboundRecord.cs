namespace Meeting.Backplane.Bench.Clients;

/// <summary>
/// The fields of one received record the bench reads: for Signals and Chats the sender's timestamp and site,
/// for completions the invocation id and error.
/// </summary>
internal readonly record struct InboundRecord(InboundKind Kind, long SentAt, int FromSite, string? InvocationId, string? Error);
