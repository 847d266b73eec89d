namespace Meeting.Server.Observability.Prometheus;

/// <summary>A tag set kept as the key of a series: the tags as first recorded, with their hash.</summary>
internal sealed class TagSet
{
    public TagSet(KeyValuePair<string, object?>[] tags)
    {
        Tags = tags;
        Hash = TagSetComparer.Hash(tags);
    }

    public KeyValuePair<string, object?>[] Tags { get; }

    public int Hash { get; }
}
