using System.Net;
using Meeting.Redis.Compare.Stacks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Meeting.Redis.Compare.Hosting;

/// <summary>One in-process ASP.NET Core SignalR server on 127.0.0.1, port 0, with a backplane instance of its own.</summary>
internal sealed class HubHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IAsyncDisposable? _owned;
    private bool _stopped;
    private bool _disposed;

    private HubHost(string name, WebApplication app, IAsyncDisposable? owned)
    {
        Name = name;
        _app = app;
        _owned = owned;
        Hub = app.Services.GetRequiredService<IHubContext<CompareHub>>();
    }

    public string Name { get; }

    public string Url { get; private set; } = string.Empty;

    public IHubContext<CompareHub> Hub { get; }

    public static async Task<HubHost> StartAsync(string name, IRedisStack stack, bool verbose, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ApplicationName = typeof(HubHost).Assembly.GetName().Name });
        builder.Logging.ClearProviders();
        if (verbose)
        {
            builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        }

        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var owned = await stack.AddBackplaneAsync(builder, name, cancellationToken);
        var app = builder.Build();
        app.MapHub<CompareHub>(CompareHub.Path);
        var host = new HubHost(name, app, owned);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        host.Url = address + CompareHub.Path;
        return host;
    }

    /// <summary>Stops the server (bounded), as a server that went away: its connections are gone with it.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Stopping gave up waiting; disposing below still tears it down.
        }
    }

    /// <summary>Stops it and releases its backplane and Redis connections: a server that is gone for good.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await StopAsync();
        await _app.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_owned is not null)
        {
            await _owned.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
