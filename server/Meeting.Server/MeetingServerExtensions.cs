using System.Net;
using System.Threading.RateLimiting;
using Meeting.Server.Configuration;
using Meeting.Server.Hubs;
using Meeting.Server.Lifecycle;
using Meeting.Server.Media;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Meeting.Server.Security;
using Meeting.Server.Sessions;
using Meeting.Server.SharedState;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Meeting.Server;

/// <summary>Wires the meeting service into a host: <see cref="AddMeetingServer"/> then <see cref="MapMeetingServer"/>.</summary>
public static class MeetingServerExtensions
{
    public const string HubPath = "/hubs/meeting";

    /// <summary>Registers the service: single-node with sessions, rooms and the Data Protection key ring
    /// in memory, or sharing them through Redis when <c>Meeting:Redis</c> is configured.</summary>
    public static IServiceCollection AddMeetingServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SiteOptions>().Bind(configuration.GetSection(SiteOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RoomOptions>().Bind(configuration.GetSection(RoomOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<RoomAccessOptions>().Bind(configuration.GetSection(RoomAccessOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HubLimitOptions>().Bind(configuration.GetSection(HubLimitOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<MeetingSessionOptions>().Bind(configuration.GetSection(MeetingSessionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServiceInfo>();
        services.AddSingleton<SiteState>();
        services.AddSingleton<MeetingMetrics>();
        services.AddMeetingMetrics(configuration);

        services.AddDataProtection().SetApplicationName("Meeting");
        services.AddSingleton<IXmlRepository, InMemoryKeyRepository>();
        services.AddOptions<KeyManagementOptions>().Configure<IXmlRepository>((keys, repository) =>
        {
            keys.XmlRepository = repository;
            // The ring never leaves this process (or, shared, the store's own access control guards it).
            keys.XmlEncryptor = new NullXmlEncryptor();
        });
        services.AddSingleton<ISessionStore, InMemorySessionStore>();
        services.AddSingleton<SessionTokenCodec>();
        services.AddSingleton<SessionService>();

        services.AddSingleton<IRoomRoster, InMemoryRoomRoster>();
        services.AddSingleton<RosterSnapshot>();
        services.AddSingleton<DeferredDepartures>();
        services.AddRoomEventLog(configuration);
        services.AddSingleton<IRoomHomes, LocalRoomHomes>();
        services.AddRoomAccess();
        services.AddHostedService<RoomHomeKeeper>();
        services.AddHostedService<RoomHomeWatch>();
        services.AddSingleton<LocalConnections>();
        services.AddHostedService<SessionExpirySweep>();
        services.AddSingleton<IDrainableConnections>(provider => provider.GetRequiredService<LocalConnections>());
        services.AddHubConnectionSafety();
        services.AddSingleton<ILiveRoomMembers, LiveRoomMembers>();
        services.AddSingleton<IRoomNotifier, HubRoomNotifier>();
        services.AddSingleton<IMediaClients, HubMediaClients>();
        services.AddSingleton<IMeetingGauges, MeetingGauges>();
        services.AddHostedService<ReconnectGraceSweeper>();
        services.AddMeetingMedia(configuration, relayThroughRedis: configuration.IsSharedStateConfigured());

        services.AddSingleton<HubCallGuard>();
        // SignalR builds a hub for every call. Registered, it comes from the container's compiled factory;
        // unregistered, SignalR's activator asked the scope for each of its services one at a time, a
        // twentieth of the server's CPU at signalling rates.
        services.AddTransient<MeetingHub>();
        services.AddSignalR(hub =>
        {
            hub.AddFilter<HubCallGuard>();
            hub.EnableDetailedErrors = false;
        });
        services.AddOptions<HubOptions>()
            .Configure<IOptions<HubLimitOptions>>((hub, limits) =>
            {
                // Room for the largest allowed payload plus the invocation's own framing; anything
                // bigger is cut off by SignalR before it is parsed.
                hub.MaximumReceiveMessageSize = limits.Value.MaxSignalPayloadBytes + 16 * 1024;
            });
        services.AddMeetingHubProtocol();
        services.AddMeetingSecurity(configuration);

        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RetryAfterOnRejection.WriteAsync;
            limiter.AddPolicy(SessionEndpoints.IssueRateLimitPolicy, context =>
            {
                var perMinute = context.RequestServices.GetRequiredService<IOptions<MeetingSessionOptions>>().Value.IssuePerMinutePerAddress;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = perMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });
            });
        });

        services.AddOptions<ProxyOptions>().Bind(configuration.GetSection(ProxyOptions.Section));
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((forwarded, proxy) =>
        {
            // ASP.NET Core trusts loopback by default, so any local process could pick the address the
            // per-address limits key on, and with both lists empty it believes everyone: only the
            // configured front door is believed, and without one no forwarding header at all.
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            forwarded.ForwardedHeaders = proxy.Value.KnownProxies.Count > 0
                ? ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                : ForwardedHeaders.None;
            foreach (var address in proxy.Value.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(address));
            }
        });

        services.AddHealthChecks()
            .AddCheck<DrainingHealthCheck>("draining", tags: [HealthEndpoints.ReadyTag]);

        if (configuration.IsSharedStateConfigured())
        {
            services.AddSharedState(configuration);
            services.AddSharedSessionRevocations();
        }

        services.AddOptions<DrainOptions>().Bind(configuration.GetSection(DrainOptions.Section));
        services.AddHostedService<SiteDrain>();
        services.AddOptions<HostOptions>().Configure<IOptions<DrainOptions>>((host, drain) =>
            host.ShutdownTimeout = drain.Value.UnreadyDelay + drain.Value.ClientsTimeout + TimeSpan.FromSeconds(5));

        return services;
    }

    public static WebApplication MapMeetingServer(this WebApplication app)
    {
        var site = app.Services.GetRequiredService<SiteState>();
        app.Lifetime.ApplicationStopping.Register(site.BeginDrain);

        app.UseForwardedHeaders();
        app.UseMeetingRequestLogging();
        app.UseMeetingSecurity();

        // A draining server takes no new hub connections. SignalR closes the open ones itself as the
        // host begins to stop; their clients retry, and a 503 sends each retry on until the front
        // door has seen the failed readiness probe and routes to the other site.
        // Not async: an awaiting middleware keeps its state machine for as long as a WebSocket stays open.
        app.Use((context, next) =>
        {
            if (site.IsDraining && context.Request.Path.StartsWithSegments(HubPath))
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                context.Response.Headers.RetryAfter = "1";
                return Task.CompletedTask;
            }

            return next(context);
        });
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseRateLimiter();
        app.UseSessionAuthentication();
        app.UseHubAdmission();

        app.MapSessionEndpoints();
        app.MapMeetingHealth();
        app.MapMeetingStats();
        app.MapMeetingMetrics();
        app.MapHub<MeetingHub>(HubPath);
        return app;
    }
}
