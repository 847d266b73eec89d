using Microsoft.AspNetCore.SignalR;

namespace Meeting.SignalR.Redis.Internal;

/// <summary>
/// A hub invocation as it travels between servers: who sent it (so that the sender skips its own copy), which
/// connections must not get it, and the invocation already serialized by every hub protocol the sender knows.
/// </summary>
internal sealed record BackplaneInvocation(
    string OriginServerId,
    IReadOnlyList<string> ExcludedConnectionIds,
    IReadOnlyList<SerializedMessage> Frames);
