using System.Net;
using System.Net.Http.Json;

namespace Meeting.Backplane.Bench.Clients;

/// <summary><c>POST /api/session</c>: a token for the hub and the peer id it stands for.</summary>
internal static class SessionIssuer
{
    private const int MaxAttempts = 4;

    public static async Task<(string Token, string PeerId)> IssueAsync(HttpClient http, SiteEndpoint site, CancellationToken cancellationToken)
    {
        var url = new Uri(site.BaseUrl, "api/session");
        for (var attempt = 1; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            using var response = await http.PostAsync(url, content: null, timeout.Token);
            var retryable = response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable;
            if (retryable && attempt < MaxAttempts)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt * attempt), cancellationToken);
                continue;
            }

            response.EnsureSuccessStatusCode();
            var session = await response.Content.ReadFromJsonAsync<SessionReply>(timeout.Token)
                ?? throw new InvalidOperationException($"{url} answered no session.");
            return (session.Token, session.PeerId);
        }
    }

    private sealed record SessionReply(string Token, string PeerId);
}
