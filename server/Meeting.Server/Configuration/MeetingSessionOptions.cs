using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.Configuration;

/// <summary>How sessions are issued. Bound from <c>Meeting:Sessions</c>.</summary>
public sealed class MeetingSessionOptions
{
    public const string Section = "Meeting:Sessions";

    public const string CookieName = "meeting.sid";

    /// <summary>How long a session (and so a peer id) lives after it is issued.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>New sessions one client address may be issued per minute, so a script cannot fill the store.</summary>
    [Range(1, 1_000_000)]
    public int IssuePerMinutePerAddress { get; set; } = 60;
}
