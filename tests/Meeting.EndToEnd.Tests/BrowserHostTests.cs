using Meeting.EndToEnd.Tests.Infrastructure;
using Meeting.Testing.Chromium;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Meeting.EndToEnd.Tests;

/// <summary>The host's controls in the browser client: lock the room, admit a newcomer from the lobby, remove it.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class BrowserHostTests
{
    private readonly KestrelMeetingServer _server;
    private readonly ChromiumFixture _chromium;
    private readonly ITestOutputHelper _output;

    public BrowserHostTests(KestrelMeetingServer server, ChromiumFixture chromium, ITestOutputHelper output)
    {
        _server = server;
        _chromium = chromium;
        _output = output;
    }

    [Fact]
    public async Task Host_LocksTheRoom_AdmitsANewcomerFromTheLobby_AndRemovesIt()
    {
        var browser = await _chromium.GetBrowserAsync();
        var room = TestRooms.Unique("host");
        await using var alice = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Alice", _output.WriteLine);
        await using var bob = await MeetingPage.OpenAsync(browser, _server.BaseAddress, room, "Bob", _output.WriteLine);
        var panel = alice.Page.Locator("#host-panel");

        await alice.JoinAndEnterAsync(room);
        await Expect(panel).ToBeVisibleAsync();
        await panel.Locator(".host-lock").ClickAsync();
        await Expect(panel.Locator(".host-lock")).ToHaveTextAsync("Unlock room");

        await bob.JoinAsync(room);
        await Expect(bob.Page.Locator("#notice")).ToContainTextAsync("Waiting for the host");
        await Expect(bob.Page.Locator("#meeting-view")).ToBeHiddenAsync();
        var waiting = panel.Locator(".host-lobby li", new LocatorLocatorOptions { HasText = "Bob" });
        await waiting.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Admit" }).ClickAsync();

        await Expect(bob.Page.Locator("#meeting-view")).ToBeVisibleAsync();
        await Expect(bob.Page.Locator("#host-panel")).ToBeHiddenAsync();
        await Expect(alice.Page.Locator(".tile.remote")).ToHaveCountAsync(1);

        var inRoom = panel.Locator(".host-peers li", new LocatorLocatorOptions { HasText = "Bob" });
        await inRoom.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Remove" }).ClickAsync();

        await Expect(bob.Page.Locator("#join-view")).ToBeVisibleAsync();
        await Expect(bob.Page.Locator("#error-text")).ToHaveTextAsync("The host removed you from this room.");
        await Expect(alice.Page.Locator(".tile.remote")).ToHaveCountAsync(0);
    }
}
