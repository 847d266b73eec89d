using System.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
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
    {
        // The host's logger, not Serilog's static one, which this service never sets.
        var logger = app.ApplicationServices.GetRequiredService<Serilog.ILogger>();
        app.UseWhen(context => !IsWebSocketOpening(context), http => http.UseSerilogRequestLogging(options =>
        {
            options.Logger = logger;
            options.GetLevel = Level;
        }));

        // A WebSocket request lasts as long as its hub connection. Serilog's middleware would keep its state
        // machine, diagnostic context and property dictionary (~0.5 KB) all that time; this keeps a start time.
        var webSockets = logger.ForContext(Serilog.Core.Constants.SourceContextPropertyName, typeof(RequestLogging).FullName);
        app.Use((context, next) =>
        {
            if (!IsWebSocketOpening(context))
            {
                return next(context);
            }

            var start = Stopwatch.GetTimestamp();
            var pending = next(context);
            if (pending.IsCompletedSuccessfully)
            {
                Write(webSockets, context, start, null);
                return pending;
            }

            return LogWhenDoneAsync(pending, webSockets, context, start);
        });
        return app;
    }

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

    /// <summary>An HTTP/1.1 upgrade or an HTTP/2 extended CONNECT, or a server (the test host) that offers
    /// WebSockets itself. (Under Kestrel <c>HttpContext.WebSockets</c> cannot tell yet: its feature is set
    /// by the WebSocket middleware, which runs after this one.)</summary>
    private static bool IsWebSocketOpening(HttpContext context)
        => context.Features.Get<IHttpUpgradeFeature>()?.IsUpgradableRequest == true
            || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true
            || context.Features.Get<IHttpWebSocketFeature>()?.IsWebSocketRequest == true;

    private static async Task LogWhenDoneAsync(Task pending, Serilog.ILogger logger, HttpContext context, long start)
    {
        try
        {
            await pending;
        }
        catch (Exception ex)
        {
            Write(logger, context, start, ex);
            throw;
        }

        Write(logger, context, start, null);
    }

    private static void Write(Serilog.ILogger logger, HttpContext context, long start, Exception? exception)
    {
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        logger.Write(
            Level(context, elapsed, exception),
            exception,
            "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0000} ms",
            context.Request.Method,
            context.Request.Path.Value,
            context.Response.StatusCode,
            elapsed);
    }
}
