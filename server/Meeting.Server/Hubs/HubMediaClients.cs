using Meeting.Server.Media;
using Microsoft.AspNetCore.SignalR;

namespace Meeting.Server.Hubs;

/// <summary>Media's messages to a connection, sent through the hub context (and so the backplane).</summary>
internal sealed class HubMediaClients : IMediaClients
{
    private readonly IHubContext<MeetingHub, IMeetingClient> _hub;

    public HubMediaClients(IHubContext<MeetingHub, IMeetingClient> hub) => _hub = hub;

    public Task SendOfferAsync(string connectionId, MediaOfferMessage offer) => _hub.Clients.Client(connectionId).MediaOffer(offer);

    public Task SendClosedAsync(string connectionId, MediaClosedMessage closed) => _hub.Clients.Client(connectionId).MediaClosed(closed);
}
