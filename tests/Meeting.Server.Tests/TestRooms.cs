namespace Meeting.Server.Tests;

/// <summary>Room names no other test uses, so tests sharing a server never see each other.</summary>
internal static class TestRooms
{
    public static string Unique() => "room-" + Guid.NewGuid().ToString("N")[..12];
}
