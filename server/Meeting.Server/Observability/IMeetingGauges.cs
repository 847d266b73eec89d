namespace Meeting.Server.Observability;

/// <summary>What the gauges read: counts kept by the hub and the rooms, each read without waiting on a store.</summary>
internal interface IMeetingGauges
{
    int Connections { get; }

    int RoomsHomedHere { get; }

    int Rooms { get; }

    int Peers { get; }
}
