using System.Text.Json;
using System.Text.Json.Serialization;

namespace Meeting.Kit.Bench;

/// <summary>The browser client's reconnect schedule, from <c>server/Meeting.Server/wwwroot/js/reconnect-schedule.json</c>
/// (copied beside this assembly), so the storm reconnects exactly as browsers do.</summary>
internal sealed record ReconnectSchedule(
    [property: JsonPropertyName("delaysMs")] int[] DelaysMs,
    [property: JsonPropertyName("steadyMs")] int SteadyMs)
{
    public static ReconnectSchedule Shared { get; } = Load(Path.Combine(AppContext.BaseDirectory, "reconnect-schedule.json"));

    /// <summary>How long to wait before retry number <paramref name="retry"/> (0-based).</summary>
    public int DelayMs(int retry) => retry < DelaysMs.Length ? DelaysMs[retry] : SteadyMs;

    public static ReconnectSchedule Load(string path)
        => JsonSerializer.Deserialize<ReconnectSchedule>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path} holds no reconnect schedule.");
}
