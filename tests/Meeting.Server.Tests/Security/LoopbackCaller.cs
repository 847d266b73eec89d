using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Meeting.Server.Tests.Security;

/// <summary>Gives every test-host request the remote address 127.0.0.1, ahead of the server's own pipeline.</summary>
internal sealed class LoopbackCaller : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = IPAddress.Loopback;
            return nextMiddleware(context);
        });
        next(app);
    };
}
