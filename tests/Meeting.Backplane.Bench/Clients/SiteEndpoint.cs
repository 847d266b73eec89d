namespace Meeting.Backplane.Bench.Clients;

/// <summary>One server as clients see it: its site's name and index (0 gra, 1 sbg), its HTTP base and its hub's WebSocket URL.</summary>
internal sealed record SiteEndpoint(string Name, int Index, Uri BaseUrl, Uri HubUrl);
