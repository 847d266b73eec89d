using Meeting.Server.Configuration;
using Meeting.Server.Hubs;
using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace Meeting.Server.Observability;

/// <summary>Builds the process's Serilog pipeline from configuration: levels from <c>Serilog</c>,
/// format from <c>Meeting:Logging:Format</c>, and the site on every event.</summary>
internal static class SerilogSetup
{
    private const string PlainTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] [{Site}] {Message:lj}{NewLine}{Exception}";

    public static Serilog.ILogger CreateLogger(IConfiguration configuration)
    {
        var site = configuration.GetSection(SiteOptions.Section).Get<SiteOptions>() ?? new SiteOptions();
        var logging = configuration.GetSection(LoggingOptions.Section).Get<LoggingOptions>() ?? new LoggingOptions();
        var logger = new LoggerConfiguration()
            .ReadFrom.Configuration(configuration)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Site", site.Name)
            .Filter.ByExcluding(IsRefusedHubCall);

        logger = logging.Format.Trim().ToLowerInvariant() switch
        {
            "json" => logger.WriteTo.Console(new JsonFormatter(renderMessage: true)),
            "plain" => logger.WriteTo.Console(outputTemplate: PlainTemplate),
            var other => throw new InvalidOperationException($"{LoggingOptions.Section}:Format must be 'plain' or 'json', not '{other}'."),
        };
        return logger.CreateLogger();
    }

    /// <summary>SignalR logs every exception a hub method throws as an error with its stack trace. A
    /// refused call is the client's mistake, already counted and logged by <see cref="HubCallGuard"/>;
    /// letting each one through would let a flooding client flood the logs too.</summary>
    private static bool IsRefusedHubCall(LogEvent logEvent) => logEvent.Exception is MeetingHubException;
}
