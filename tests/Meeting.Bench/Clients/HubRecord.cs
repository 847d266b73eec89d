namespace Meeting.Bench.Clients;

/// <summary>What the bench needs from one server-to-client message.</summary>
/// <param name="Type">The hub protocol message type (1 invocation, 3 completion, 6 ping, 7 close).</param>
/// <param name="IsSignal">An invocation of the client method <c>Signal</c>.</param>
/// <param name="SentAt">The <c>sentAt</c> a bench payload carries, or -1.</param>
/// <param name="InvocationId">A completion's invocation id, or -1.</param>
/// <param name="Error">A completion's or a close message's error.</param>
/// <param name="Result">A completion's result when it is a string.</param>
internal readonly record struct HubRecord(int Type, bool IsSignal, long SentAt, long InvocationId, string? Error, string? Result = null);
