using Microsoft.AspNetCore.SignalR;

namespace Meeting.Redis.Compare.Hosting;

/// <summary>The hub both hosts serve: a client learns its connection id and joins the group the drill sends to.</summary>
public sealed class CompareHub : Hub
{
    public const string Path = "/hub";

    public string WhoAmI() => Context.ConnectionId;

    public Task JoinGroup(string group) => Groups.AddToGroupAsync(Context.ConnectionId, group);
}
