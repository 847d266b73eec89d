// The other peers of the room as the page shows them: one tile each, with its name, its media and its
// muted markers. Media and mute state may arrive before the roster event that announces a peer (they
// come from the media server, the roster from the room), so both are kept and applied when the tile
// appears.

const KINDS = ['audio', 'video'];

export class Roster {
  #tiles;
  #selfPeerId = null;
  #names = new Map();
  #streams = new Map();
  #mutes = new Map(); // peerId → { audio, video }
  #state = 'new';

  /** @param {import('./tiles.js').TileGrid} tiles */
  constructor(tiles) {
    this.#tiles = tiles;
  }

  /** Starts over for this peer (a first join, or a rejoin under a new session). */
  start(selfPeerId) {
    this.clear();
    this.#selfPeerId = selfPeerId;
  }

  /** Makes the tiles match a roster from Join: the departed go, the others are shown. */
  sync(peers) {
    const present = new Set(peers.map(p => p.peerId));
    for (const peerId of [...this.#names.keys()]) {
      if (!present.has(peerId)) {
        this.remove(peerId);
      }
    }
    for (const { peerId, displayName } of peers) {
      this.add(peerId, displayName);
    }
  }

  has(peerId) {
    return this.#names.has(peerId);
  }

  add(peerId, displayName) {
    if (this.#selfPeerId === null || peerId === this.#selfPeerId) {
      return;
    }
    if (this.#names.has(peerId)) {
      if (displayName && this.#names.get(peerId) !== displayName) {
        this.#names.set(peerId, displayName);
        this.#tiles.rename(peerId, displayName);
      }
      return;
    }
    this.#names.set(peerId, displayName);
    this.#tiles.add(peerId, displayName);
    this.#tiles.setState(peerId, this.#state);
    this.#tiles.setStream(peerId, this.#streams.get(peerId) ?? null);
    this.#showMutes(peerId);
  }

  remove(peerId) {
    this.#streams.delete(peerId);
    this.#mutes.delete(peerId);
    if (this.#names.delete(peerId)) {
      this.#tiles.remove(peerId);
    }
  }

  /** The peer's forwarded media (one stream with its audio and video), or null when it stopped. */
  setStream(peerId, stream) {
    if (peerId === this.#selfPeerId) {
      return;
    }
    if (stream) {
      this.#streams.set(peerId, stream);
    } else {
      this.#streams.delete(peerId);
    }
    if (this.#names.has(peerId)) {
      this.#tiles.setStream(peerId, stream);
    }
  }

  setMuted(peerId, kind, muted) {
    if (peerId === this.#selfPeerId || !KINDS.includes(kind)) {
      return;
    }
    const flags = this.#mutes.get(peerId) ?? { audio: false, video: false };
    flags[kind] = Boolean(muted);
    this.#mutes.set(peerId, flags);
    this.#showMutes(peerId);
  }

  /** The full mute state a new transport reported: anything not listed is not muted. */
  resetMutes(mutes) {
    const previous = [...this.#mutes.keys()];
    this.#mutes.clear();
    for (const { peerId, kind, muted } of mutes) {
      this.setMuted(peerId, kind, muted);
    }
    for (const peerId of previous) {
      this.#showMutes(peerId);
    }
  }

  /** The media connection's state, shown on every remote tile (they all depend on the one connection). */
  setState(state) {
    this.#state = state;
    for (const peerId of this.#names.keys()) {
      this.#tiles.setState(peerId, state);
    }
  }

  /** [{ peerId, displayName, hasMedia, micOff, cameraOff }] */
  peers() {
    return [...this.#names].map(([peerId, displayName]) => ({
      peerId,
      displayName,
      hasMedia: this.#streams.has(peerId),
      micOff: this.#mutes.get(peerId)?.audio ?? false,
      cameraOff: this.#mutes.get(peerId)?.video ?? false,
    }));
  }

  clear() {
    for (const peerId of [...this.#names.keys()]) {
      this.remove(peerId);
    }
    this.#streams.clear();
    this.#mutes.clear();
    this.#selfPeerId = null;
    this.#state = 'new';
  }

  #showMutes(peerId) {
    if (this.#names.has(peerId)) {
      const flags = this.#mutes.get(peerId);
      this.#tiles.setRemoteFlags(peerId, { micOff: flags?.audio ?? false, cameraOff: flags?.video ?? false });
    }
  }
}
