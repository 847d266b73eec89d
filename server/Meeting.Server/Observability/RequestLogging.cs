using Serilog;
using Serilog.Events;

namespace Meeting.Server.Observability;

/// <summary>One event per HTTP request, written when it ends (Serilog's request logging), in place of
/// ASP.NET Core's several per request.</summary>
internal static class RequestLogging
{
    /// <summary>Paths polled all day by machines: the front door's health probes and Prometheus' scrapes.</summary>
    private static readonly PathString[] PolledPaths = [new("/health"), new(MetricsExtensions.Path)];

    public static IApplicationBuilder UseMeetingRequestLogging(this IApplicationBuilder app)
        => app.UseSerilogRequestLogging(options =>
        {
            // The host's logger, not Serilog's static one, which this service never sets.
            options.Logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
            options.GetLevel = Level;
        });

    /// <summary>Error for a failure of ours, Debug for probes and scrapes that succeed (a failing one is
    /// worth seeing), Information for everything else: a client's 4xx is not our problem, and a flood of
    /// them should not be a flood of warnings. A request its client gave up on (a probe's timeout ran out
    /// while the process was paused) is cancelled, not failed.</summary>
    public static LogEventLevel Level(HttpContext context, double elapsedMilliseconds, Exception? exception)
    {
        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            return LogEventLevel.Information;
        }

        if (exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            return LogEventLevel.Error;
        }

        foreach (var path in PolledPaths)
        {
            if (context.Request.Path.StartsWithSegments(path) && context.Response.StatusCode < StatusCodes.Status400BadRequest)
            {
                return LogEventLevel.Debug;
            }
        }

        return LogEventLevel.Information;
    }
}
