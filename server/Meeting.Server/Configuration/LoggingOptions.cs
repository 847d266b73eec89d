namespace Meeting.Server.Configuration;

/// <summary>How logs are written. Bound from <c>Meeting:Logging</c>.</summary>
public sealed class LoggingOptions
{
    public const string Section = "Meeting:Logging";

    /// <summary><c>plain</c> for people at a terminal, <c>json</c> for a log pipeline.</summary>
    public string Format { get; set; } = "plain";
}
