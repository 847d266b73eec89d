// What this page knows of its room's event log. The server logs chat and roster events per room and
// sends each with its `eventId` ("{ms}-{seq}", ordered by the first number, then the second). After a
// reconnect — to the same server or, after a site died, to the other one — the page asks for what it
// missed (Replay) starting from the newest id it saw, and drops what it already handled, by id.

// Events logged by different servers can reach a page slightly out of id order; asking a little further
// back than the newest id seen, and dropping the duplicates, closes that gap.
const REPLAY_OVERLAP_MS = 5000;
const MAX_REMEMBERED = 2000;
const EVENT_ID = /^(\d{1,20})-(\d{1,20})$/;

/** [ms, seq] as BigInts, or null for anything that is not an event id. */
export function parseEventId(eventId) {
  const match = typeof eventId === 'string' ? EVENT_ID.exec(eventId) : null;
  return match ? [BigInt(match[1]), BigInt(match[2])] : null;
}

/** Negative, zero or positive as event id `a` comes before, is, or comes after `b`. */
export function compareEventIds(a, b) {
  const [x, y] = [parseEventId(a), parseEventId(b)];
  if (x[0] !== y[0]) {
    return x[0] < y[0] ? -1 : 1;
  }
  return x[1] === y[1] ? 0 : x[1] < y[1] ? -1 : 1;
}

export class RoomHistory {
  #floor = null; // the room's newest id when we joined: nothing before it was ours to see
  #last = null; // the newest id seen
  #resumeAfter = null; // the newest id seen when the connection was lost
  #seen = new Set(); // ids handled, oldest first, bounded
  #roster = new Map(); // peerId → id of the newest roster event applied for that peer

  /** The newest event id this page has seen in its room; null before a join. */
  get lastEventId() {
    return this.#last;
  }

  /** Forgets everything: the page left its room (or is about to join another). */
  clear() {
    this.#floor = this.#last = this.#resumeAfter = null;
    this.#seen.clear();
    this.#roster.clear();
  }

  /** Join succeeded; `lastEventId` is its reply's (absent from servers without an event log). */
  joined(lastEventId) {
    if (parseEventId(lastEventId)) {
      this.#floor ??= lastEventId;
      this.#advance(lastEventId);
    }
  }

  /** True when the event was handled already (see()). */
  has(eventId) {
    return this.#seen.has(eventId);
  }

  /** Records an event; false when it was handled already. An event without an id is always new. */
  see(eventId) {
    if (!parseEventId(eventId)) {
      return true;
    }
    if (this.#seen.has(eventId)) {
      return false;
    }
    this.#seen.add(eventId);
    if (this.#seen.size > MAX_REMEMBERED) {
      this.#seen.delete(this.#seen.values().next().value);
    }
    this.#advance(eventId);
    return true;
  }

  /**
   * Records a roster event; false when a newer one for the same peer was already applied, so this one is
   * stale. The same event again is not stale: applying a roster event twice does no harm, and a replay
   * re-applies what a rejoin's roster may have undone.
   */
  acceptRoster(peerId, eventId) {
    this.see(eventId);
    if (!parseEventId(eventId)) {
      return true;
    }
    const applied = this.#roster.get(peerId);
    if (applied && compareEventIds(applied, eventId) > 0) {
      return false;
    }
    this.#roster.set(peerId, eventId);
    return true;
  }

  /** The connection was lost: what was seen until now is where the replay after the rejoin starts. Events
   * that arrive before the rejoin's reply (the server sends them as soon as we are back in the room) must
   * not move it on past the ones we missed. */
  suspend() {
    this.#resumeAfter ??= this.#last;
  }

  /** The id to replay after now that we are back in the room; null when there is nothing to ask for. */
  takeReplayFrom() {
    const last = this.#resumeAfter ?? this.#last;
    this.#resumeAfter = null;
    if (!last) {
      return null;
    }
    const [ms] = parseEventId(last);
    const overlap = ms > BigInt(REPLAY_OVERLAP_MS) ? `${ms - BigInt(REPLAY_OVERLAP_MS)}-0` : '0-0';
    return this.#floor && compareEventIds(this.#floor, overlap) > 0 ? this.#floor : overlap;
  }

  #advance(eventId) {
    if (!this.#last || compareEventIds(eventId, this.#last) > 0) {
      this.#last = eventId;
    }
  }
}
