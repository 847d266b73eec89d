namespace Meeting.Server.Domain;

/// <summary>The server-side key of a session; only ever sent to clients inside a Data Protection token.</summary>
public readonly record struct SessionId(string Value)
{
    public static SessionId New() => new(Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)).ToLowerInvariant());

    public override string ToString() => Value;
}
