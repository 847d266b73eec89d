namespace Meeting.SignalR.Redis.Internal;

/// <summary>What a group command asks of the server holding the connection; the values are on the wire.</summary>
internal enum GroupAction : byte
{
    Add = 1,
    Remove = 2,
}
