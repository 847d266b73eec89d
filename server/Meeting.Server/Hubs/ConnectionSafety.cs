using Meeting.Server.Sessions;

namespace Meeting.Server.Hubs;

/// <summary>Registers what admits, limits and closes hub connections: the per-session and per-address
/// limits, and the revocations that close a session's connections.</summary>
public static class ConnectionSafety
{
    public static IServiceCollection AddHubConnectionSafety(this IServiceCollection services)
    {
        services.AddSingleton<ConnectionLimits>();
        services.AddSingleton<ISessionConnections>(sp => sp.GetRequiredService<ConnectionLimits>());
        services.AddSingleton<SessionRevocations>();
        services.AddSingleton<ISessionRevocationBus, LocalSessionRevocationBus>();
        return services;
    }

    /// <summary>Answers a new hub connection over its limits with 429 before any upgrade.</summary>
    public static IApplicationBuilder UseHubAdmission(this IApplicationBuilder app) => app.UseMiddleware<HubAdmission>();
}
