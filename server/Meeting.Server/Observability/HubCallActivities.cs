namespace Meeting.Server.Observability;

/// <summary>
/// The logger of SignalR's hub dispatcher, with <see cref="LogLevel.Critical"/> reported as off. The dispatcher
/// starts an <see cref="System.Diagnostics.Activity"/> for every hub call when an activity listener is
/// registered or when its logger is enabled at Critical, so that its lines carry the call's trace id; Serilog
/// enables Fatal everywhere, so every Signal paid for an activity, its tags, its link and two execution
/// contexts: a quarter of the bytes a relayed Signal allocated (tests/Meeting.Bench/README.md). The
/// dispatcher writes nothing at Critical; its other levels, and an activity listener's activities, are
/// unchanged, and the lines of a call still carry the trace id of its connection's request.
/// </summary>
internal sealed class HubCallActivities(ILogger inner) : ILogger
{
    public const string DispatcherCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull
        => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.Critical && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => inner.Log(logLevel, eventId, state, exception, formatter);
}
