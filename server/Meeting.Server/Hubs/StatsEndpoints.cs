using Meeting.Server.Configuration;
using Meeting.Server.Rooms;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Hubs;

/// <summary><c>/api/stats</c>: how busy this server is, for dashboards and the kit's status table.</summary>
internal static class StatsEndpoints
{
    public sealed record StatsResponse(string Site, int Rooms, int Peers, int Connections);

    public static IEndpointRouteBuilder MapMeetingStats(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/stats", async (IRoomRoster roster, LocalConnections connections, IOptions<SiteOptions> site, CancellationToken cancellationToken) =>
        {
            var counts = await roster.CountAsync(cancellationToken);
            return TypedResults.Ok(new StatsResponse(site.Value.Name, counts.Rooms, counts.Peers, connections.Count));
        });
        return endpoints;
    }
}
