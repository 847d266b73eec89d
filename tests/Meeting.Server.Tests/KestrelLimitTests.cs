using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Tests;

/// <summary>Sockets that never send a request, or send it a byte at a time, must not be held for minutes.</summary>
public sealed class KestrelLimitTests
{
    private static readonly TimeSpan CloseBound = TimeSpan.FromSeconds(15);

    [Fact]
    public void Defaults_BoundHeadersIdleSocketsAndConnections()
    {
        using var server = new MeetingServerFactory();

        var limits = server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits;

        Assert.Equal(TimeSpan.FromSeconds(10), limits.RequestHeadersTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), limits.KeepAliveTimeout);
        Assert.Equal(20_000, limits.MaxConcurrentConnections);
        Assert.Equal(20_000, limits.MaxConcurrentUpgradedConnections);
    }

    [Fact]
    public async Task Socket_ThatNeverSendsARequest_IsClosed()
    {
        await using var server = StartKestrel();
        using var socket = await OpenAsync(server);

        Assert.True(await ClosedByServerAsync(socket));
    }

    [Fact]
    public async Task Socket_ThatTricklesItsHeaders_IsClosed()
    {
        await using var server = StartKestrel();
        using var socket = await OpenAsync(server);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n"));

        Assert.True(await ClosedByServerAsync(socket));
    }

    private static MeetingServerFactory StartKestrel()
    {
        var server = new MeetingServerFactory()
            .With("Kestrel:Limits:RequestHeadersTimeout", "00:00:01")
            .With("Kestrel:Limits:KeepAliveTimeout", "00:00:01");
        server.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        server.StartServer();
        return server;
    }

    private static async Task<Socket> OpenAsync(MeetingServerFactory server)
    {
        var address = server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var uri = new Uri(address);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, uri.Port);
        return socket;
    }

    /// <summary>Reads (and ignores any 408) until the server closes the socket, within <see cref="CloseBound"/>.</summary>
    private static async Task<bool> ClosedByServerAsync(Socket socket)
    {
        using var bound = new CancellationTokenSource(CloseBound);
        var buffer = new byte[1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, bound.Token) > 0)
            {
            }

            return true;
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
