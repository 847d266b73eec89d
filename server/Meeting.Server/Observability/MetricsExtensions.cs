using Microsoft.Extensions.Options;
using Prometheus;

namespace Meeting.Server.Observability;

/// <summary>Wires <c>GET /metrics</c>: <see cref="AddMeetingMetrics"/> then <see cref="MapMeetingMetrics"/>.</summary>
public static class MetricsExtensions
{
    public const string Path = "/metrics";

    /// <summary>Registers the host's own prometheus-net registry (never the static default one, so that
    /// hosts in one process keep their counts apart) and the bridge that fills it from the meters.</summary>
    public static IServiceCollection AddMeetingMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<MetricsOptions>().Bind(configuration.GetSection(MetricsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton(_ => Metrics.NewCustomRegistry());
        services.AddSingleton<ProcessMetrics>();
        services.AddHostedService<MeterBridge>();
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> unless <c>Meeting:Metrics:Enabled</c> is false.</summary>
    public static IEndpointRouteBuilder MapMeetingMetrics(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<MetricsOptions>>().Value.Enabled)
        {
            return endpoints;
        }

        var registry = endpoints.ServiceProvider.GetRequiredService<CollectorRegistry>();
        endpoints.MapMetrics(settings => settings.Registry = registry, Path);
        return endpoints;
    }
}
