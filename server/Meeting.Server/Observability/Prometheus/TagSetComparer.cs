namespace Meeting.Server.Observability.Prometheus;

/// <summary>
/// Compares tag sets regardless of the order the tags were given in, and lets a dictionary keyed by
/// <see cref="TagSet"/> be searched with a <see cref="TagSpan"/>, so finding an existing series for a
/// measurement allocates nothing.
/// </summary>
internal sealed class TagSetComparer : IEqualityComparer<TagSet>, IAlternateEqualityComparer<TagSpan, TagSet>
{
    public static readonly TagSetComparer Instance = new();

    private TagSetComparer()
    {
    }

    /// <summary>Order-independent: the sum of each tag's hash.</summary>
    public static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = 0;
        foreach (var (key, value) in tags)
        {
            hash = unchecked(hash + HashCode.Combine(key, value));
        }

        return hash;
    }

    public bool Equals(TagSet? x, TagSet? y)
        => ReferenceEquals(x, y) || (x is not null && y is not null && x.Hash == y.Hash && SameTags(x.Tags, y.Tags));

    public int GetHashCode(TagSet obj) => obj.Hash;

    public bool Equals(TagSpan alternate, TagSet other) => SameTags(alternate.Tags, other.Tags);

    public int GetHashCode(TagSpan alternate) => Hash(alternate.Tags);

    public TagSet Create(TagSpan alternate) => new(alternate.Tags.ToArray());

    private static bool SameTags(ReadOnlySpan<KeyValuePair<string, object?>> x, ReadOnlySpan<KeyValuePair<string, object?>> y)
    {
        if (x.Length != y.Length)
        {
            return false;
        }

        // Callers nearly always pass their tags in the same order, which settles it in one pass.
        var sameOrder = true;
        for (var i = 0; i < x.Length && sameOrder; i++)
        {
            sameOrder = Same(x[i], y[i]);
        }

        // Otherwise each side must contain the other (both ways, in case a key is repeated).
        return sameOrder || (ContainsAll(x, y) && ContainsAll(y, x));
    }

    private static bool ContainsAll(ReadOnlySpan<KeyValuePair<string, object?>> tags, ReadOnlySpan<KeyValuePair<string, object?>> wanted)
    {
        foreach (var tag in wanted)
        {
            var found = false;
            foreach (var candidate in tags)
            {
                if (Same(candidate, tag))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private static bool Same(KeyValuePair<string, object?> x, KeyValuePair<string, object?> y)
        => string.Equals(x.Key, y.Key, StringComparison.Ordinal) && Equals(x.Value, y.Value);
}
