using System.Net;
using System.Text;
using Meeting.Testing.Redis;

namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// An HTTP server on a free loopback port that answers every request with one canned status and body, for
/// the health reports the kit's servers give only in passing (degraded, a sentinel missing).
/// </summary>
internal sealed class CannedHealthServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    private CannedHealthServer(int port, int status, string body, string contentType)
    {
        Url = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Url.ToString());
        _listener.Start();
        _loop = Task.Run(() => ServeAsync(status, Encoding.UTF8.GetBytes(body), contentType));
    }

    public Uri Url { get; }

    public static CannedHealthServer Start(int status, string body, string contentType = "application/json; charset=utf-8")
        => new(FreePort.Next(), status, body, contentType);

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            await _loop.WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or TimeoutException)
        {
        }
    }

    private async Task ServeAsync(int status, byte[] body, string contentType)
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = body.Length;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }
}
