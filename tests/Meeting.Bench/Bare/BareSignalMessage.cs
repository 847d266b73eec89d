using System.Text.Json;

namespace Meeting.Bench.Bare;

/// <summary>The same shape as the meeting hub's <c>SignalMessage</c>, so both servers write the same bytes.</summary>
internal sealed record BareSignalMessage(string FromPeerId, JsonElement Payload);
