namespace Meeting.Server.Domain;

/// <summary>The stable identity of a participant: one per session, never chosen by the client.</summary>
public readonly record struct PeerId(string Value)
{
    public static PeerId New() => new(Guid.NewGuid().ToString("N")[..16]);

    public override string ToString() => Value;
}
