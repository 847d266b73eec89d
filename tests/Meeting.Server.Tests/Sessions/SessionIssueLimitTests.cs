using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Meeting.Server.Tests.Sessions;

public sealed class SessionIssueLimitTests
{
    [Fact]
    public async Task Post_BeyondThePerAddressRate_SaysWhenToRetry()
    {
        await using var strict = new MeetingServerFactory().With("Meeting:Sessions:IssuePerMinutePerAddress", "1");
        using var http = strict.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

        (await http.PostAsync(new Uri("/api/session", UriKind.Relative), null)).EnsureSuccessStatusCode();
        using var refused = await http.PostAsync(new Uri("/api/session", UriKind.Relative), null);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
    }
}
