using Meeting.Server;
using Meeting.Server.Observability;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
var logger = SerilogSetup.CreateLogger(builder.Configuration);
builder.Logging.ClearProviders();
builder.Logging.AddSerilog(logger, dispose: true);

builder.Services.AddMeetingServer(builder.Configuration);

var app = builder.Build();
app.MapMeetingServer();
await app.RunAsync();

/// <summary>Lets the test host find the entry point.</summary>
public partial class Program;
