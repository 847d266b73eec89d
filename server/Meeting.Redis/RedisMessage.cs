using System.Text;

namespace Meeting.Redis;

/// <summary>A message received on a subscribed channel.</summary>
public sealed class RedisMessage
{
    /// <summary>Creates a message.</summary>
    public RedisMessage(string channel, string? pattern, ReadOnlyMemory<byte> payload)
    {
        Channel = channel;
        Pattern = pattern;
        Payload = payload;
    }

    /// <summary>The channel it was published on.</summary>
    public string Channel { get; }

    /// <summary>The pattern that matched it, for pattern subscriptions; null otherwise.</summary>
    public string? Pattern { get; }

    /// <summary>The published bytes.</summary>
    public ReadOnlyMemory<byte> Payload { get; }

    /// <summary>The payload decoded as UTF-8.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);

    /// <inheritdoc />
    public override string ToString() => $"{Channel}: {Text}";
}
