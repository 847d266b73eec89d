using Meeting.Server.Sessions;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Meeting.Server.SharedState;

/// <summary>Sends revocations to every server over Redis instead of keeping them to this one.</summary>
public static class SessionRevocationSharing
{
    public static IServiceCollection AddSharedSessionRevocations(this IServiceCollection services)
    {
        services.AddSingleton<RedisSessionRevocationBus>();
        services.Replace(ServiceDescriptor.Singleton<ISessionRevocationBus>(sp => sp.GetRequiredService<RedisSessionRevocationBus>()));
        services.AddHostedService(sp => sp.GetRequiredService<RedisSessionRevocationBus>());
        return services;
    }
}
