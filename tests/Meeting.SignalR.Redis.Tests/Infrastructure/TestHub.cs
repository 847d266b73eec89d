using Microsoft.AspNetCore.SignalR;

namespace Meeting.SignalR.Redis.Tests.Infrastructure;

/// <summary>The hub the managers under test serve; its methods are never called, only its connections matter.</summary>
public sealed class TestHub : Hub;
