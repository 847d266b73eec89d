using Meeting.Server.Configuration;
using Microsoft.Extensions.Options;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;

namespace Meeting.Server.Observability;

/// <summary>Builds the host's Serilog pipeline (through <c>AddSerilog</c>): levels from <c>Serilog</c>,
/// format from <c>Meeting:Logging:Format</c>, and the site on every event.</summary>
internal static class SerilogSetup
{
    private const string PlainTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] [{Site}] {Message:lj}{NewLine}{Exception}";

    /// <summary>The callback of <c>AddSerilog</c>. Sinks, enrichers and filters registered in the container
    /// join the pipeline too (tests register a sink that collects events).</summary>
    public static void Configure(IServiceProvider services, LoggerConfiguration logger)
    {
        var configuration = services.GetRequiredService<IConfiguration>();
        var site = services.GetRequiredService<IOptions<SiteOptions>>().Value;
        var logging = configuration.GetSection(LoggingOptions.Section).Get<LoggingOptions>() ?? new LoggingOptions();
        logger
            .ReadFrom.Configuration(configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext()
            .Enrich.WithProperty("Site", site.Name)
            .Filter.ByExcluding(IsRefusedHubCall)
            .WriteTo.Console(Formatter(logging.Format));
    }

    /// <summary><c>plain</c>: one line per event for people at a terminal. <c>json</c>: compact JSON for a log
    /// pipeline, one object per line with the rendered message (<c>@m</c>) and every property at the top level.</summary>
    public static ITextFormatter Formatter(string format) => format.Trim().ToLowerInvariant() switch
    {
        "json" => new RenderedCompactJsonFormatter(),
        "plain" => new MessageTemplateTextFormatter(PlainTemplate),
        var other => throw new InvalidOperationException($"{LoggingOptions.Section}:Format must be 'plain' or 'json', not '{other}'."),
    };

    /// <summary>SignalR logs every exception a hub method throws as an error with its stack trace. A
    /// refused call is the client's mistake, already counted and logged by <see cref="HubCallGuard"/>;
    /// letting each one through would let a flooding client flood the logs too.</summary>
    public static bool IsRefusedHubCall(LogEvent logEvent) => logEvent.Exception is Microsoft.AspNetCore.SignalR.HubException;
}
