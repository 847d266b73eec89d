using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Meeting.Redis.Internal;

/// <summary>
/// Opens physical connections: TCP connect, then the handshake (AUTH, SELECT, CLIENT SETNAME) pipelined in one
/// round trip, all within the connect timeout.
/// </summary>
internal sealed class ConnectionFactory(ConnectionSettings settings, TimeProvider time, ILogger logger)
{
    public ConnectionSettings Settings => settings;

    public async Task<PhysicalConnection> ConnectAsync(RedisEndPoint endPoint, Action<RedisEndPoint>? onReadOnly, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(settings.ConnectTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        Socket? socket = null;
        PhysicalConnection? connection = null;
        try
        {
            socket = await OpenSocketAsync(endPoint, linked.Token).ConfigureAwait(false);
            connection = new PhysicalConnection(socket, endPoint, settings.CommandTimeout, time, logger, onReadOnly);
            socket = null;
            connection.Start();
            await HandshakeAsync(connection, linked.Token).ConfigureAwait(false);
            return connection;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            await DisposeAsync(socket, connection).ConfigureAwait(false);
            throw new RedisConnectionException($"Connecting to {endPoint} took longer than {settings.ConnectTimeout.TotalMilliseconds:0} ms.");
        }
        catch (SocketException ex)
        {
            await DisposeAsync(socket, connection).ConfigureAwait(false);
            throw new RedisConnectionException($"Cannot connect to {endPoint}: {ex.SocketErrorCode}.", ex);
        }
        catch
        {
            await DisposeAsync(socket, connection).ConfigureAwait(false);
            throw;
        }
    }

    private static async Task<Socket> OpenSocketAsync(RedisEndPoint endPoint, CancellationToken cancellationToken)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken).ConfigureAwait(false);
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                // Keepalive notices a peer that vanished without a FIN (a cut link), which no reply timeout would close.
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 15);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
                await socket.ConnectAsync(address, endPoint.Port, cancellationToken).ConfigureAwait(false);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    private async Task HandshakeAsync(PhysicalConnection connection, CancellationToken cancellationToken)
    {
        // Sent back to back without waiting, then awaited in order: one round trip whatever the count.
        var steps = new List<(string What, Task<RedisReply> Reply)>(4);
        if (settings.Password is not null)
        {
            var auth = settings.User is null
                ? new RedisCommand("AUTH", settings.Password)
                : new RedisCommand("AUTH", settings.User, settings.Password);
            steps.Add(("AUTH", connection.ExecuteAsync(auth, cancellationToken)));
        }

        if (settings.Database != 0)
        {
            steps.Add(("SELECT", connection.ExecuteAsync(new RedisCommand("SELECT", settings.Database), cancellationToken)));
        }

        if (!string.IsNullOrEmpty(settings.ClientName))
        {
            steps.Add(("CLIENT SETNAME", connection.ExecuteAsync(new RedisCommand("CLIENT", "SETNAME", settings.ClientName), cancellationToken)));
        }

        if (steps.Count == 0)
        {
            // Nothing else to send, but a server that wants a password must say so now, not on the first real command.
            steps.Add(("PING", connection.ExecuteAsync(new RedisCommand("PING"), cancellationToken)));
        }

        foreach (var (what, reply) in steps)
        {
            try
            {
                await reply.ConfigureAwait(false);
            }
            catch (RedisServerException ex) when (ex.Prefix is "WRONGPASS" or "NOAUTH" or "NOPERM" || (what == "AUTH" && ex.Prefix == "ERR"))
            {
                throw new RedisAuthenticationException($"{connection.EndPoint} refused {what} as {settings.User ?? "the default user"}: {ex.Message}", ex);
            }
            catch (RedisServerException ex)
            {
                throw new RedisConnectionException($"{connection.EndPoint} refused {what} during the handshake: {ex.Message}", ex);
            }
        }
    }

    private static async Task DisposeAsync(Socket? socket, PhysicalConnection? connection)
    {
        socket?.Dispose();
        if (connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
