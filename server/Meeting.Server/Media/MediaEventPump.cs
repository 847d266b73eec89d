using Meeting.Server.Domain;
using Meeting.Server.Rooms;
using Meeting.Sfu;

namespace Meeting.Server.Media;

/// <summary>
/// Delivers what the SFU has to tell a peer (a new offer, a transport it closed) to that peer's hub
/// connection, wherever that connection lives: the roster says which connection it is, and the backplane
/// carries the message to the server holding it.
/// </summary>
internal sealed class MediaEventPump : BackgroundService
{
    private readonly MediaHost _host;
    private readonly IRoomRoster _roster;
    private readonly IMediaClients _clients;
    private readonly ILogger<MediaEventPump> _logger;

    public MediaEventPump(MediaHost host, IRoomRoster roster, IMediaClients clients, ILogger<MediaEventPump> logger)
    {
        _host = host;
        _roster = roster;
        _clients = clients;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_host.Worker is not { } worker)
        {
            return;
        }

        await foreach (var mediaEvent in worker.Events.ReadAllAsync(stoppingToken))
        {
            try
            {
                await DeliverAsync(mediaEvent, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A peer that cannot be told now re-creates its transport when it notices (its connection
                // state, or its next rejoin); one failed delivery must not stop the others.
                _logger.LogWarning(ex, "Could not deliver {Event} to peer {PeerId} in room {Room}", mediaEvent.GetType().Name, mediaEvent.PeerId, mediaEvent.Room);
            }
        }
    }

    private async Task DeliverAsync(MediaEvent mediaEvent, CancellationToken cancellationToken)
    {
        if (!RoomId.TryParse(mediaEvent.Room, out var room))
        {
            return;
        }

        var member = await _roster.FindAsync(room, new PeerId(mediaEvent.PeerId), cancellationToken);
        if (member is null || member.IsAway)
        {
            return;
        }

        switch (mediaEvent)
        {
            case MediaOfferReady offer:
                await _clients.SendOfferAsync(member.ConnectionId, new MediaOfferMessage(offer.TransportId, offer.Sdp, offer.Revision));
                break;
            case MediaTransportClosed closed:
                await _clients.SendClosedAsync(member.ConnectionId, new MediaClosedMessage(closed.TransportId, closed.Reason));
                break;
        }
    }
}
