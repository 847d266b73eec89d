namespace Meeting.Server.Tests.Observability;

/// <summary>Scrapes <c>/metrics</c> of a test server, every wait bounded.</summary>
internal static class MetricsScrapeClient
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static async Task<HttpResponseMessage> GetAsync(MeetingServerFactory server, string path = "/metrics")
    {
        using var http = server.CreateClient();
        http.Timeout = Timeout;
        return await http.GetAsync(new Uri(path, UriKind.Relative)).WaitAsync(Timeout);
    }

    public static async Task<ScrapedMetrics> ScrapeAsync(MeetingServerFactory server)
    {
        using var response = await GetAsync(server);
        response.EnsureSuccessStatusCode();
        return new ScrapedMetrics(await response.Content.ReadAsStringAsync().WaitAsync(Timeout));
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds, for facts the server updates after a call returns (a disconnect).</summary>
    public static async Task<ScrapedMetrics> ScrapeUntilAsync(MeetingServerFactory server, Func<ScrapedMetrics, bool> condition)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        while (true)
        {
            var scrape = await ScrapeAsync(server);
            if (condition(scrape))
            {
                return scrape;
            }

            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The scrape never showed what was expected:\n" + scrape.Text);
            }
        }
    }
}
