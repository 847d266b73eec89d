namespace Meeting.Server.Observability;

/// <summary>
/// The prometheus-net series (child) of each tag set an instrument has measured, found from the
/// measurement's tags without allocating or locking: reads go to an immutable open-addressing table,
/// which a new tag set replaces under a lock (a tag set is new a handful of times per process). Asking
/// prometheus-net for the child on each measurement would take its collector's reader lock and build
/// a label array every time.
/// </summary>
internal sealed class SeriesTable<TSeries>(Func<ReadOnlySpan<KeyValuePair<string, object?>>, TSeries> create, int maxSeries)
    where TSeries : class
{
    private readonly Lock _write = new();
    private volatile Entry?[] _slots = new Entry?[8];
    private int _count;

    /// <summary>Set once the table is full: further tag sets are not exported.</summary>
    public bool Overflowed { get; private set; }

    /// <summary>The series for these tags, created on first use; null once <c>maxSeries</c> tag sets exist.</summary>
    public TSeries? Get(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = Hash(tags);
        var slots = _slots;
        var mask = slots.Length - 1;
        for (var i = hash & mask; ; i = (i + 1) & mask)
        {
            var entry = slots[i];
            if (entry is null)
            {
                return Add(hash, tags);
            }

            if (entry.Hash == hash && entry.Matches(tags))
            {
                return entry.Series;
            }
        }
    }

    /// <summary>Every series created so far, for the scrape to read or retire.</summary>
    public IEnumerable<TSeries> All()
    {
        foreach (var entry in _slots)
        {
            if (entry is not null)
            {
                yield return entry.Series;
            }
        }
    }

    /// <summary>Forgets the series that <paramref name="retire"/> picks (it removes them from prometheus-net itself).
    /// Only the scrape calls this, for observable instruments, whose measurements it alone makes.</summary>
    public void RemoveWhere(Func<TSeries, bool> retire)
    {
        lock (_write)
        {
            var kept = _slots.Where(e => e is not null && !retire(e.Series)).ToList();
            if (kept.Count == _count)
            {
                return;
            }

            _count = 0;
            var slots = new Entry?[_slots.Length];
            foreach (var entry in kept)
            {
                Insert(slots, entry!);
                _count++;
            }

            _slots = slots;
        }
    }

    private TSeries? Add(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        lock (_write)
        {
            var slots = _slots;
            var mask = slots.Length - 1;
            for (var i = hash & mask; slots[i] is { } existing; i = (i + 1) & mask)
            {
                if (existing.Hash == hash && existing.Matches(tags))
                {
                    return existing.Series;
                }
            }

            if (_count >= maxSeries)
            {
                Overflowed = true;
                return null;
            }

            var entry = new Entry(hash, tags.ToArray(), create(tags));

            // Kept at most half full, so that a probe soon meets an empty slot.
            var grown = new Entry?[(_count + 1) * 2 > slots.Length ? slots.Length * 2 : slots.Length];
            foreach (var old in slots)
            {
                if (old is not null)
                {
                    Insert(grown, old);
                }
            }

            Insert(grown, entry);
            _count++;
            _slots = grown;
            return entry.Series;
        }
    }

    private static void Insert(Entry?[] slots, Entry entry)
    {
        var mask = slots.Length - 1;
        var i = entry.Hash & mask;
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }

        slots[i] = entry;
    }

    private static int Hash(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var (key, value) in tags)
        {
            hash = HashCode.Combine(hash, key.GetHashCode(StringComparison.Ordinal), value?.GetHashCode() ?? 0);
        }

        return hash & int.MaxValue;
    }

    private sealed class Entry(int hash, KeyValuePair<string, object?>[] tags, TSeries series)
    {
        public int Hash { get; } = hash;

        public TSeries Series { get; } = series;

        /// <summary>The same tags in the same order; a call site passing them in another order gets an entry
        /// of its own, which <c>create</c> maps to the same prometheus-net child.</summary>
        public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> other)
        {
            if (other.Length != tags.Length)
            {
                return false;
            }

            for (var i = 0; i < tags.Length; i++)
            {
                var (key, value) = tags[i];
                if (!string.Equals(key, other[i].Key, StringComparison.Ordinal)
                    || !(ReferenceEquals(value, other[i].Value) || Equals(value, other[i].Value)))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
