using System.Collections.Concurrent;
using Meeting.Server.Domain;
using Microsoft.Extensions.Options;

namespace Meeting.Server.Rooms;

/// <summary>
/// The single-node log: the last <see cref="RoomEventLogOptions.Length"/> events of each room, each room
/// behind its own lock. A room's log that has been quiet for <see cref="RoomEventLogOptions.IdleTimeout"/>
/// is dropped, checked at most once a minute while events are appended, so no loop runs for it.
/// </summary>
internal sealed class InMemoryRoomEventLog : IRoomEventLog
{
    private static readonly TimeSpan PruneInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<RoomId, RoomLog> _rooms = new();
    private readonly TimeProvider _time;
    private readonly RoomEventLogOptions _options;
    private long _nextPruneTicks;

    public InMemoryRoomEventLog(TimeProvider time, IOptions<RoomEventLogOptions> options)
    {
        _time = time;
        _options = options.Value;
        _nextPruneTicks = time.GetUtcNow().UtcTicks + PruneInterval.Ticks;
    }

    /// <summary>How many rooms have a log; for tests.</summary>
    internal int RoomCount => _rooms.Count;

    public ValueTask<RoomEventId> AppendAsync(RoomId room, RoomEvent roomEvent, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        PruneIfDue(now);
        while (true)
        {
            var log = _rooms.GetOrAdd(room, static _ => new RoomLog());
            lock (log)
            {
                // Pruned between the lookup and the lock: append to a fresh log instead.
                if (log.Dropped)
                {
                    continue;
                }

                var id = RoomEventId.Next(log.Last, now);
                log.Events.Enqueue(new LoggedRoomEvent(id, roomEvent));
                while (log.Events.Count > _options.Length)
                {
                    log.DroppedThrough = log.Events.Dequeue().Id;
                }

                log.Last = id;
                log.Touched = now;
                return ValueTask.FromResult(id);
            }
        }
    }

    public ValueTask<RoomEventPage> ReadAsync(RoomId room, RoomEventId after, int max, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max);
        if (!_rooms.TryGetValue(room, out var log))
        {
            return ValueTask.FromResult(RoomEventPage.Empty);
        }

        lock (log)
        {
            var newer = log.Events.Where(e => e.Id > after).ToList();
            if (newer.Count == 0)
            {
                return ValueTask.FromResult(RoomEventPage.Empty);
            }

            // Only when the reply starts at the oldest event kept can something between `after` and it be gone.
            var truncated = newer.Count > max || (newer.Count == log.Events.Count && log.DroppedThrough > after);
            var page = newer.Count > max ? newer.GetRange(newer.Count - max, max) : newer;
            return ValueTask.FromResult(new RoomEventPage(page, truncated));
        }
    }

    public ValueTask<RoomEventId> LatestAsync(RoomId room, CancellationToken cancellationToken = default)
    {
        if (!_rooms.TryGetValue(room, out var log))
        {
            return ValueTask.FromResult(RoomEventId.Zero);
        }

        lock (log)
        {
            return ValueTask.FromResult(log.Last);
        }
    }

    private void PruneIfDue(DateTimeOffset now)
    {
        var due = Interlocked.Read(ref _nextPruneTicks);
        if (now.UtcTicks < due || Interlocked.CompareExchange(ref _nextPruneTicks, now.UtcTicks + PruneInterval.Ticks, due) != due)
        {
            return;
        }

        foreach (var (room, log) in _rooms)
        {
            lock (log)
            {
                if (now - log.Touched >= _options.IdleTimeout)
                {
                    log.Dropped = true;
                    _rooms.TryRemove(new KeyValuePair<RoomId, RoomLog>(room, log));
                }
            }
        }
    }

    private sealed class RoomLog
    {
        public Queue<LoggedRoomEvent> Events { get; } = new();

        /// <summary>The newest id ever given, kept even when its event has been dropped, so ids never repeat.</summary>
        public RoomEventId Last { get; set; }

        /// <summary>The newest event that fell off the front; nothing after it is missing.</summary>
        public RoomEventId DroppedThrough { get; set; }

        public DateTimeOffset Touched { get; set; }

        public bool Dropped { get; set; }
    }
}
