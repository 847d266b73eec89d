using Microsoft.AspNetCore.SignalR;

namespace Meeting.SignalR.Redis.Internal;

/// <summary>Writes one serialized message to connections held here, all at once, skipping the excluded.</summary>
internal static class LocalDelivery
{
    public static Task WriteAsync(IEnumerable<HubConnectionContext> targets, SerializedHubMessage message, IReadOnlyList<string>? excluded, CancellationToken cancellationToken)
    {
        List<Task>? pending = null;
        foreach (var connection in targets)
        {
            if (excluded is { Count: > 0 } && excluded.Contains(connection.ConnectionId))
            {
                continue;
            }

            // Writes usually complete at once; only a connection whose transport is full makes the caller wait.
            var write = connection.WriteAsync(message, cancellationToken);
            if (write.IsCompletedSuccessfully)
            {
                // Observed so that a pooled ValueTask source goes back to its pool.
                write.GetAwaiter().GetResult();
            }
            else
            {
                (pending ??= []).Add(write.AsTask());
            }
        }

        return pending is null ? Task.CompletedTask : Task.WhenAll(pending);
    }
}
