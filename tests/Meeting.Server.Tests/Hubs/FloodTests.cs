namespace Meeting.Server.Tests.Hubs;

/// <summary>A script that ignores <c>rate_limited</c> and keeps firing calls is disconnected.</summary>
public sealed class FloodTests
{
    [Fact]
    public async Task Calls_RefusedBeyondTheFloodLimit_CloseTheConnection()
    {
        await using var server = new MeetingServerFactory()
            .With("Meeting:Limits:MessageBurst", "5")
            .With("Meeting:Limits:MessagesPerSecond", "1")
            .With("Meeting:Limits:FloodRefusals", "10")
            .With("Meeting:Limits:FloodWindow", "00:01:00");
        var (_, flooder) = await server.ConnectNewClientAsync();
        await using (flooder)
        {
            var refused = 0;
            for (var i = 0; i < 60 && !flooder.Closed.IsCompleted; i++)
            {
                var error = await Record.ExceptionAsync(() => flooder.LeaveAsync());
                refused += error is Meeting.Testing.HubCallException { Code: "rate_limited" } ? 1 : 0;
            }

            await flooder.Closed.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.InRange(refused, 10, 11);
        }
    }

    [Fact]
    public async Task Calls_RefusedBelowTheFloodLimit_KeepTheConnection()
    {
        await using var server = new MeetingServerFactory()
            .With("Meeting:Limits:MessageBurst", "5")
            .With("Meeting:Limits:MessagesPerSecond", "1")
            .With("Meeting:Limits:FloodRefusals", "10")
            .With("Meeting:Limits:FloodWindow", "00:01:00");
        var (_, client) = await server.ConnectNewClientAsync();
        await using (client)
        {
            for (var i = 0; i < 12; i++)
            {
                await Record.ExceptionAsync(() => client.LeaveAsync());
            }

            // Answered (refused or not), so the connection is still open.
            var last = await Record.ExceptionAsync(() => client.LeaveAsync());
            Assert.IsType<Meeting.Testing.HubCallException>(last);
        }
    }
}
