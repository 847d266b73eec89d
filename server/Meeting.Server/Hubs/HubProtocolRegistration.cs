using Microsoft.AspNetCore.SignalR.Protocol;

namespace Meeting.Server.Hubs;

internal static class HubProtocolRegistration
{
    /// <summary>Puts <see cref="MeetingHubProtocol"/> in place of SignalR's JSON protocol; call after <c>AddSignalR</c>.</summary>
    public static IServiceCollection AddMeetingHubProtocol(this IServiceCollection services)
    {
        for (var i = services.Count - 1; i >= 0; i--)
        {
            if (services[i].ServiceType == typeof(IHubProtocol) && services[i].ImplementationType == typeof(JsonHubProtocol))
            {
                services.RemoveAt(i);
            }
        }

        services.AddSingleton<IHubProtocol, MeetingHubProtocol>();
        return services;
    }
}
