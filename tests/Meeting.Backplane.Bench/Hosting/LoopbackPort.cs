using System.Net;
using System.Net.Sockets;

namespace Meeting.Backplane.Bench.Hosting;

/// <summary>Free TCP ports on one loopback address (127.0.0.0/8).</summary>
internal static class LoopbackPort
{
    /// <summary>A port that is free on <paramref name="address"/> right now; someone may take it before it is used, so callers retry.</summary>
    public static int Next(IPAddress address)
    {
        if (!IPAddress.IsLoopback(address))
        {
            throw new ArgumentException($"{address} is not a loopback address; the bench listens on 127.0.0.0/8 only.", nameof(address));
        }

        using var listener = new TcpListener(address, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
