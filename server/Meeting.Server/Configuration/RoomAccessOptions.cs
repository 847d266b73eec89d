using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.Configuration;

/// <summary>Who may create and enter rooms. Bound from <c>Meeting:Rooms</c>, beside <see cref="RoomOptions"/>.</summary>
public sealed class RoomAccessOptions
{
    public const string Section = "Meeting:Rooms";

    /// <summary>Whether a plain <c>Join</c> of a room that does not exist creates it (an open room). When off,
    /// rooms are created only by <c>CreateRoom</c>, start locked, and newcomers enter with an invite or
    /// through the lobby. On by default: the local single node is a room anyone can name.</summary>
    public bool AllowOpenRooms { get; set; } = true;

    /// <summary>How long an invite token from <c>CreateInvite</c> lets its bearer past the lobby.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "30.00:00:00")]
    public TimeSpan InviteLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How many peers may wait in one room's lobby; more are refused with <c>lobby_full</c>.</summary>
    [Range(1, 1000)]
    public int MaxLobbyPeers { get; set; } = 32;
}
