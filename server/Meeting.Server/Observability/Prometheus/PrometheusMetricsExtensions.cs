using Microsoft.Extensions.Options;

namespace Meeting.Server.Observability.Prometheus;

/// <summary>Wires <c>GET /metrics</c>: <see cref="AddPrometheusMetrics"/> then <see cref="MapPrometheusMetrics"/>.</summary>
public static class PrometheusMetricsExtensions
{
    public const string Path = "/metrics";

    /// <summary>Registers the exporter and starts listening to the configured meters when the host starts,
    /// so that counts made before the first scrape are not lost.</summary>
    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PrometheusMetricsOptions>().Bind(configuration.GetSection(PrometheusMetricsOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<MeterCollector>();
        services.AddHostedService(provider => provider.GetRequiredService<MeterCollector>());
        services.AddSingleton<ProcessMetrics>();
        services.AddSingleton<PrometheusExporter>();
        return services;
    }

    /// <summary>Maps <c>GET /metrics</c> unless <c>Meeting:Metrics:Enabled</c> is false.</summary>
    public static IEndpointRouteBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints)
    {
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<PrometheusMetricsOptions>>().Value.Enabled)
        {
            return endpoints;
        }

        endpoints.MapGet(Path, WriteAsync).ExcludeFromDescription();
        return endpoints;
    }

    private static Task WriteAsync(HttpContext context, PrometheusExporter exporter)
    {
        var text = exporter.Scrape();
        context.Response.ContentType = PrometheusTextWriter.ContentType;
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(text, context.RequestAborted);
    }
}
