namespace Meeting.Backplane.Bench.Clients;

/// <summary>A peer to open: the server it connects to, the room it joins and the name it joins with.</summary>
internal sealed record Seat(SiteEndpoint Site, string Room, string DisplayName);
