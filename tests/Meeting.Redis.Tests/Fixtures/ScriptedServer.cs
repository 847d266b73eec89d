using System.Net;
using System.Net.Sockets;

namespace Meeting.Redis.Tests.Fixtures;

/// <summary>
/// A hand-written fake of a Redis server on a loopback port, for misbehaviour the real one will not show (silence,
/// replies nobody asked for). Each accepted connection runs <c>session</c>; disposing stops everything it started.
/// </summary>
public sealed class ScriptedServer : IAsyncDisposable
{
    private const int MaxConnections = 20;
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _sessions = [];
    private readonly Task _accepting;
    private int _connections;

    /// <summary>Starts listening; <paramref name="session"/> gets the connection's stream and its number (0, 1, …).</summary>
    public ScriptedServer(Func<NetworkStream, int, CancellationToken, Task> session)
    {
        _listener.Start();
        _accepting = AcceptAsync(session);
    }

    /// <summary><c>127.0.0.1:port</c>.</summary>
    public string Address => $"127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>How many connections were accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Reads until <paramref name="count"/> complete commands (RESP arrays) have arrived, roughly: counts <c>*</c> at line starts.</summary>
    public static async Task ReadCommandsAsync(NetworkStream stream, int count, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        var seen = 0;
        var lineStart = true;
        while (seen < count)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException("client closed");
            }

            for (var i = 0; i < read; i++)
            {
                if (lineStart && buffer[i] == (byte)'*')
                {
                    seen++;
                }

                lineStart = buffer[i] == (byte)'\n';
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        _listener.Stop();
        await Task.WhenAll([_accepting, .. _sessions]).WaitAsync(TimeSpan.FromSeconds(5)).ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task AcceptAsync(Func<NetworkStream, int, CancellationToken, Task> session)
    {
        while (!_stop.IsCancellationRequested && _connections < MaxConnections)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var number = Interlocked.Increment(ref _connections) - 1;
            _sessions.Add(Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        await session(client.GetStream(), number, _stop.Token);
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException)
                    {
                        // The client went away or the fake is stopping.
                    }
                }
            }));
        }
    }
}
