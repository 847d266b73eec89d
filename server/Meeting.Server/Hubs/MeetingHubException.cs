using Microsoft.AspNetCore.SignalR;

namespace Meeting.Server.Hubs;

/// <summary>
/// A rejected hub call. SignalR forwards a <see cref="HubException"/>'s message to the caller
/// even without detailed errors, so the code travels as the message's prefix.
/// </summary>
public sealed class MeetingHubException : HubException
{
    public MeetingHubException(string code, string detail)
        : base($"{code}: {detail}")
    {
        Code = code;
    }

    public string Code { get; }
}
