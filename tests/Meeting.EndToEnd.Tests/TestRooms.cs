namespace Meeting.EndToEnd.Tests;

/// <summary>Room ids no other test uses.</summary>
internal static class TestRooms
{
    public static string Unique(string prefix = "e2e") => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(64, prefix.Length + 17)];
}
