using System.Reflection;
using System.Security.Cryptography;
using Meeting.Server.Configuration;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Observability;

/// <summary>What this process is and since when it runs, for health and metrics.</summary>
internal sealed class ServiceInfo
{
    public ServiceInfo(TimeProvider time, IOptions<SiteOptions> site)
    {
        StartedAt = time.GetUtcNow();
        ServerId = $"{site.Value.Name}-{Environment.MachineName}-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        Version = typeof(ServiceInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
    }

    public string Version { get; }

    /// <summary>Names this process among all servers sharing a store: site, host, process and a random part,
    /// so a restarted process is never mistaken for its predecessor.</summary>
    public string ServerId { get; }

    public DateTimeOffset StartedAt { get; }
}
