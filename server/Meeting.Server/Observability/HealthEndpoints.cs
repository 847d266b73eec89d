using System.Text.Json;
using Meeting.Server.Configuration;
using Meeting.Server.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Observability;

/// <summary>
/// <c>/health/live</c> (the process answers; no dependency is consulted, so an outage elsewhere never
/// restarts it), <c>/health/ready</c> (this server should take new traffic) and <c>/health</c> (the detail).
/// All answer JSON and 503 when unhealthy. The detail (site, Redis master, sentinels, version) is for the
/// operators, who ask the site's own address; a request that came through a proxy gets the status alone.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public static IEndpointRouteBuilder MapMeetingHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/health/live", Options(_ => false));
        endpoints.MapHealthChecks("/health/ready", Options(check => check.Tags.Contains(ReadyTag)));
        endpoints.MapHealthChecks("/health", Options(_ => true));
        return endpoints;
    }

    private static HealthCheckOptions Options(Func<HealthCheckRegistration, bool> predicate) => new()
    {
        Predicate = predicate,
        ResponseWriter = WriteAsync,
        ResultStatusCodes =
        {
            [HealthStatus.Healthy] = StatusCodes.Status200OK,
            [HealthStatus.Degraded] = StatusCodes.Status200OK,
            [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
        },
    };

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var services = context.RequestServices;
        var info = services.GetRequiredService<ServiceInfo>();
        var site = services.GetRequiredService<IOptions<SiteOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var status = report.Status.ToString().ToLowerInvariant();
        if (ForwardedRequest.CameThroughProxy(context.Request))
        {
            return JsonSerializer.SerializeAsync(context.Response.Body, new { status }, JsonOptions, context.RequestAborted);
        }

        var body = new
        {
            status,
            site = site.Name,
            publicIp = site.PublicIp,
            version = info.Version,
            startedAt = info.StartedAt,
            uptimeSeconds = Math.Round((now - info.StartedAt).TotalSeconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new
                {
                    status = e.Value.Status.ToString().ToLowerInvariant(),
                    description = e.Value.Description,
                    durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 2),
                    data = e.Value.Data,
                }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonOptions, context.RequestAborted);
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);
}
