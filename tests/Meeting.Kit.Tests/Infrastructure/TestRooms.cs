namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>Room ids no other test uses.</summary>
internal static class TestRooms
{
    public static string Unique(string purpose) => $"kit-{purpose}-{Guid.NewGuid():N}"[..40];
}
