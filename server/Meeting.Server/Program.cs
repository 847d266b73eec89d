using Meeting.Server;
using Meeting.Server.Observability;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

// The host's own logger, built from its configuration and services; Serilog's static Log stays untouched,
// so that hosts in one process (the tests run several) each log with their own site.
builder.Services.AddSerilog(SerilogSetup.Configure, preserveStaticLogger: true);
CategoryCachedLoggerFactory.Decorate(builder.Services);

builder.Services.AddMeetingServer(builder.Configuration);

// Kestrel:Limits (appsettings.json): how long a socket may take to send its headers or sit idle between
// requests, and how many it may hold at once, so that idle or trickling sockets cannot pile up.
builder.WebHost.ConfigureKestrel((context, kestrel) => context.Configuration.GetSection("Kestrel:Limits").Bind(kestrel.Limits));

var app = builder.Build();
app.MapMeetingServer();
await app.RunAsync();

/// <summary>Lets the test host find the entry point.</summary>
public partial class Program;
