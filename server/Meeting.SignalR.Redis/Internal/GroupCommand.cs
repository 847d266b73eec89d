namespace Meeting.SignalR.Redis.Internal;

/// <summary>A group change for a connection held by another server, and where to acknowledge it.</summary>
internal readonly record struct GroupCommand(GroupAction Action, int AckId, string OriginServerId, string ConnectionId, string GroupName);
