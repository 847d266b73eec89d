namespace Meeting.Server.Tests;

/// <summary>Retries an assertion about something the server does asynchronously, within a bound.</summary>
internal static class Eventually
{
    public static async Task SucceedsAsync(Func<Task> assertion, TimeSpan? within = null)
    {
        var deadline = DateTime.UtcNow + (within ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            try
            {
                await assertion();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }
}
