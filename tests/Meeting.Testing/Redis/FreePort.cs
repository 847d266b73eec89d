using System.Net;
using System.Net.Sockets;

namespace Meeting.Testing.Redis;

/// <summary>Loopback TCP ports that are free right now.</summary>
public static class FreePort
{
    /// <summary>Asks the kernel for a free port. Someone may take it before it is used; callers retry with another.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A port on which nothing listens (bound and released), for "this server is down" cases.</summary>
    public static int Closed() => Next();
}
