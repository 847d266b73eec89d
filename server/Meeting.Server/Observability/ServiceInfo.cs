using System.Reflection;

namespace Meeting.Server.Observability;

/// <summary>What this process is and since when it runs, for health and metrics.</summary>
internal sealed class ServiceInfo
{
    public ServiceInfo(TimeProvider time)
    {
        StartedAt = time.GetUtcNow();
        Version = typeof(ServiceInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
    }

    public string Version { get; }

    public DateTimeOffset StartedAt { get; }
}
