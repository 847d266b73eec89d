namespace Meeting.Testing.Hub;

/// <summary>
/// The client-to-server method names of <c>MeetingHub</c>. The hub is internal to the server, so these
/// cannot be <c>nameof</c> here; <c>tests/Meeting.Server.Tests/Hubs/HubContractPin.cs</c>, which sees it,
/// binds each name and signature to the hub at compile time, so a rename breaks the build.
/// </summary>
public static class HubMethods
{
    public const string Join = "Join";
    public const string Leave = "Leave";
    public const string Signal = "Signal";
    public const string Chat = "Chat";
    public const string Replay = "Replay";
    public const string MediaJoin = "MediaJoin";
    public const string MediaAnswer = "MediaAnswer";
    public const string SetMuted = "SetMuted";
    public const string MediaLeave = "MediaLeave";
    public const string CreateRoom = "CreateRoom";
    public const string JoinWithInvite = "JoinWithInvite";
    public const string SetRoomLocked = "SetRoomLocked";
    public const string Admit = "Admit";
    public const string Refuse = "Refuse";
    public const string RemovePeer = "RemovePeer";
    public const string CreateInvite = "CreateInvite";
    public const string GetRoomAccess = "GetRoomAccess";
}
