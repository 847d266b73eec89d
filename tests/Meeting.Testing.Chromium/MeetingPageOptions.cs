namespace Meeting.Testing.Chromium;

/// <summary>How a <see cref="MeetingPage"/> is opened.</summary>
public sealed record MeetingPageOptions
{
    public int ViewportWidth { get; init; } = 1280;

    public int ViewportHeight { get; init; } = 720;

    /// <summary>A script added to the context before the page loads (the kit's failover recorder).</summary>
    public string? InitScript { get; init; }

    /// <summary>Pass the hub's WebSocket through Playwright so a test can cut and block it.</summary>
    public bool RouteHub { get; init; }
}
