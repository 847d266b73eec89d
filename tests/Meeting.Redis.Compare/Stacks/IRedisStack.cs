using Microsoft.AspNetCore.Builder;

namespace Meeting.Redis.Compare.Stacks;

/// <summary>A Redis client plus the SignalR backplane built on it: the thing being compared.</summary>
internal interface IRedisStack : IAsyncDisposable
{
    /// <summary>The column header.</summary>
    string Name { get; }

    /// <summary>A client of its own for the writer, reaching the master through the Sentinels.</summary>
    Task<IKeyWriter> ConnectWriterAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Registers a backplane instance of its own (its own connections) in one host's services; returns what the host
    /// must dispose after it has stopped (the container does not dispose instances it was handed), or null.
    /// </summary>
    Task<IAsyncDisposable?> AddBackplaneAsync(WebApplicationBuilder builder, string hostName, CancellationToken cancellationToken);
}
