using Microsoft.AspNetCore.SignalR.Protocol;

namespace Meeting.Server.Security;

/// <summary>Registers the service's request-level defences: the Origin allow-list, the security headers
/// and the hub protocol that answers malformed calls with a code.</summary>
internal static class SecurityExtensions
{
    /// <summary>Call after <c>AddSignalR</c>, whose JSON protocol this replaces.</summary>
    public static IServiceCollection AddMeetingSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
        services.AddSingleton<OriginPolicy>();

        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHubProtocol) && services[i].ImplementationType == typeof(JsonHubProtocol))
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton<IHubProtocol, MeetingHubProtocol>();
        return services;
    }

    /// <summary>Goes after the forwarded headers (the Origin check compares with the request's real scheme)
    /// and before static files and authentication.</summary>
    public static IApplicationBuilder UseMeetingSecurity(this IApplicationBuilder app)
    {
        // Resolved now, so that a malformed allow-list stops the start instead of the first request.
        app.ApplicationServices.GetRequiredService<OriginPolicy>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<OriginCheck>();
        return app;
    }
}
