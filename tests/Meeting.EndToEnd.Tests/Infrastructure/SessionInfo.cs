namespace Meeting.EndToEnd.Tests.Infrastructure;

/// <summary>What <c>POST /api/session</c> returns.</summary>
public sealed record SessionInfo(string Token, string PeerId, DateTimeOffset ExpiresAt);
