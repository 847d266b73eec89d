namespace Meeting.Server.Security;

/// <summary>Registers the service's request-level defences: the Origin allow-list and the security headers.
/// (The hub's own defence against malformed calls is <c>Hubs/MeetingHubProtocol</c>.)</summary>
internal static class SecurityExtensions
{
    public static IServiceCollection AddMeetingSecurity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SecurityOptions>().Bind(configuration.GetSection(SecurityOptions.Section));
        services.AddSingleton<OriginPolicy>();
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
