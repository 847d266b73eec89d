namespace Meeting.Server.Domain;

/// <summary>A room's name as users type it: <c>[a-z0-9-]{1,64}</c>.</summary>
public readonly record struct RoomId
{
    public const int MaxLength = 64;

    private RoomId(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse(string? text, out RoomId roomId)
    {
        roomId = default;
        if (string.IsNullOrEmpty(text) || text.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        roomId = new RoomId(text);
        return true;
    }

    public override string ToString() => Value;
}
