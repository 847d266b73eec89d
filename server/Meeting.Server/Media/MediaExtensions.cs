using Meeting.Server.Configuration;
using Meeting.Server.Observability;
using Meeting.Server.Rooms;
using Meeting.Sfu;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Media;

/// <summary>Registers the SFU: options from <c>Meeting:Media</c> (announcing <c>Meeting:Site:PublicIp</c>
/// unless <c>Meeting:Media:AnnouncedIp</c> says otherwise, and listening on it unless <c>Meeting:Media:ListenIp</c> does), the media host, its health check and its events.</summary>
internal static class MediaExtensions
{
    /// <param name="relayThroughRedis">With shared state: serve and make media calls for rooms whose home is another server.</param>
    public static IServiceCollection AddMeetingMedia(this IServiceCollection services, IConfiguration configuration, bool relayThroughRedis)
    {
        services.AddOptions<SfuOptions>()
            .Bind(configuration.GetSection(SfuOptions.SectionName))
            .PostConfigure<IOptions<SiteOptions>>((media, site) =>
            {
                if (string.IsNullOrWhiteSpace(media.AnnouncedIp))
                {
                    media.AnnouncedIp = site.Value.PublicIp;
                }

                if (string.IsNullOrWhiteSpace(media.ListenIp))
                {
                    // Two servers on one host (the local kit, the failover test) each have their own address.
                    media.ListenIp = site.Value.PublicIp;
                }
            })
            .ValidateDataAnnotations()
            .Validate(media => System.Net.IPAddress.TryParse(media.ListenIp, out _), "Meeting:Media:ListenIp must be an IP address")
            .Validate(media => System.Net.IPAddress.TryParse(media.AnnouncedIp, out _), "Meeting:Media:AnnouncedIp (or Meeting:Site:PublicIp) must be an IP address")
            .ValidateOnStart();
        services.AddSingleton<SfuMetrics>();
        services.AddSingleton<MediaHost>();
        services.AddHostedService(provider => provider.GetRequiredService<MediaHost>());
        services.AddHostedService<MediaEventPump>();
        services.AddSingleton<RoomMedia>();
        services.AddSingleton<IRoomMediaCleanup>(provider => provider.GetRequiredService<RoomMedia>());
        if (relayThroughRedis)
        {
            services.AddSingleton<MediaRelay>();
            services.AddHostedService(provider => provider.GetRequiredService<MediaRelay>());
        }

        services.AddHealthChecks().AddCheck<MediaHealthCheck>("media", tags: [HealthEndpoints.ReadyTag]);
        return services;
    }
}
