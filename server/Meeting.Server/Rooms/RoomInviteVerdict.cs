namespace Meeting.Server.Rooms;

/// <summary>What <see cref="RoomInviteCodec"/> found in a token presented for a room.</summary>
internal enum RoomInviteVerdict
{
    Valid,

    /// <summary>Tampered with, not an invite, or for another room.</summary>
    Invalid,
    Expired,
}
