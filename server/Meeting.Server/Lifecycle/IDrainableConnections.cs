namespace Meeting.Server.Lifecycle;

/// <summary>The hub connections a drain sends away: implemented by the hub's registry of open connections,
/// so that the drain need not know about the hub.</summary>
internal interface IDrainableConnections
{
    int Count { get; }

    /// <summary>Closes one open connection after another from the server side, as
    /// <paramref name="pace"/> allows; a client then reconnects elsewhere.</summary>
    Task SendAwayAsync(Func<CancellationToken, Task> pace, CancellationToken cancellationToken);
}
