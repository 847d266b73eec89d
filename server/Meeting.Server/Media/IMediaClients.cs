namespace Meeting.Server.Media;

/// <summary>How media reaches one peer's hub connection, wherever it lives. Implemented by the hub, so that
/// media need not know about SignalR.</summary>
internal interface IMediaClients
{
    Task SendOfferAsync(string connectionId, MediaOfferMessage offer);

    Task SendClosedAsync(string connectionId, MediaClosedMessage closed);
}
