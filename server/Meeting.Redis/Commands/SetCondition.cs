namespace Meeting.Redis.Commands;

/// <summary>When SET writes.</summary>
public enum SetCondition
{
    /// <summary>Always.</summary>
    Always,

    /// <summary>Only when the key does not exist (<c>NX</c>).</summary>
    IfNotExists,

    /// <summary>Only when the key exists (<c>XX</c>).</summary>
    IfExists,
}
