using System.Text.RegularExpressions;

namespace Meeting.Server.Tests.Security;

/// <summary>The page's browser-side defences come from the server, with or without a proxy in front.</summary>
public sealed partial class SecurityHeaderTests : IClassFixture<MeetingServerFactory>
{
    private readonly MeetingServerFactory _server;

    public SecurityHeaderTests(MeetingServerFactory server) => _server = server;

    [Theory]
    [InlineData("/")]
    [InlineData("/js/main.js")]
    [InlineData("/health/live")]
    public async Task Response_CarriesThePolicies(string path)
    {
        using var http = _server.CreateClient();

        var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        response.EnsureSuccessStatusCode();
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self' ws://localhost;", csp, StringComparison.Ordinal);
        Assert.Contains("media-src 'self' blob:", csp, StringComparison.Ordinal);
        Assert.Contains("img-src 'self' data:", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe", csp, StringComparison.Ordinal);
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.StartsWith("camera=(self), microphone=(self)", Assert.Single(response.Headers.GetValues("Permissions-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Page_HasNoInlineScriptStyleOrHandler_TheCspWouldBlock()
    {
        using var http = _server.CreateClient();

        var page = await http.GetStringAsync(new Uri("/", UriKind.Relative));

        Assert.Matches("<script src=", page);
        Assert.DoesNotMatch(InlineScript(), page);
        Assert.DoesNotMatch(InlineHandlerOrStyle(), page);
        Assert.DoesNotContain("<style", page, StringComparison.OrdinalIgnoreCase);
    }

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("\\s(on[a-z]+|style)\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandlerOrStyle();
}
