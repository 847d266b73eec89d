using System.Text.Json;

namespace Meeting.SignalR.Redis.Tests.Infrastructure;

/// <summary>An invocation frame as a JSON-protocol client received it.</summary>
public sealed record ReceivedInvocation(string Target, IReadOnlyList<JsonElement> Arguments)
{
    public override string ToString() => $"{Target}({string.Join(", ", Arguments.Select(a => a.GetRawText()))})";
}
