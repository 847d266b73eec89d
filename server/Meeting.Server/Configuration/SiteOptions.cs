using System.ComponentModel.DataAnnotations;

namespace Meeting.Server.Configuration;

/// <summary>Where this server runs. Bound from <c>Meeting:Site</c>.</summary>
public sealed class SiteOptions
{
    public const string Section = "Meeting:Site";

    /// <summary>The site's name as clients and logs show it (for example <c>gra</c> or <c>sbg</c>).</summary>
    [Required, RegularExpression("^[a-z0-9-]{1,32}$")]
    public string Name { get; set; } = "local";

    /// <summary>The address announced to browsers for media; a loopback address on a developer's machine.</summary>
    [Required]
    public string PublicIp { get; set; } = "127.0.0.1";
}
