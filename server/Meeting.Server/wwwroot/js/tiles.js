// The video grid: the local preview and one tile per remote peer, each labelled with its name.

export class TileGrid {
  #grid;
  #tiles = new Map();
  #localTile;

  constructor(grid, localTile) {
    this.#grid = grid;
    this.#localTile = localTile;
  }

  showLocal(stream, displayName) {
    this.#localTile.querySelector('video').srcObject = stream;
    this.#localTile.querySelector('.tile-name').textContent = `${displayName} (you)`;
    this.#updateCount();
  }

  setLocalFlags({ micOff, cameraOff }) {
    this.#localTile.classList.toggle('mic-off', micOff);
    this.#localTile.classList.toggle('camera-off', cameraOff);
  }

  clearLocal() {
    this.#localTile.querySelector('video').srcObject = null;
  }

  add(peerId, displayName) {
    if (this.#tiles.has(peerId)) {
      this.rename(peerId, displayName);
      return;
    }
    const tile = document.createElement('figure');
    tile.className = 'tile remote';
    tile.dataset.peerId = peerId;
    tile.dataset.state = 'new';

    const video = document.createElement('video');
    video.autoplay = true;
    video.playsInline = true;

    const caption = document.createElement('figcaption');
    const name = document.createElement('span');
    name.className = 'tile-name';
    name.textContent = displayName || 'Joining…';
    const state = document.createElement('span');
    state.className = 'tile-state';
    state.textContent = 'connecting';
    const flags = document.createElement('span');
    flags.className = 'tile-flags';
    flags.setAttribute('aria-hidden', 'true');
    caption.append(name, flags, state);

    tile.append(video, caption);
    this.#grid.append(tile);
    this.#tiles.set(peerId, tile);
    this.#updateCount();
  }

  rename(peerId, displayName) {
    const name = this.#tiles.get(peerId)?.querySelector('.tile-name');
    if (name && displayName) {
      name.textContent = displayName;
    }
  }

  /** The peer's media, or null when none is forwarded to us. */
  setStream(peerId, stream) {
    const video = this.#tiles.get(peerId)?.querySelector('video');
    if (!video || video.srcObject === stream) {
      return;
    }
    video.srcObject = stream;
    if (!stream) {
      return;
    }
    video.play().catch(() => {
      // Autoplay with sound was refused: play muted rather than not at all.
      video.muted = true;
      video.play().catch(error => console.warn('meeting: remote video will not play', error));
    });
  }

  /** The muted markers the server reported for the peer (as the local tile shows ours). */
  setRemoteFlags(peerId, { micOff, cameraOff }) {
    const tile = this.#tiles.get(peerId);
    if (tile) {
      tile.classList.toggle('mic-off', micOff);
      tile.classList.toggle('camera-off', cameraOff);
    }
  }

  setState(peerId, state) {
    const tile = this.#tiles.get(peerId);
    if (tile) {
      tile.dataset.state = state;
      tile.querySelector('.tile-state').textContent = state === 'connected' ? '' : state;
    }
  }

  remove(peerId) {
    const tile = this.#tiles.get(peerId);
    if (tile) {
      tile.querySelector('video').srcObject = null;
      tile.remove();
      this.#tiles.delete(peerId);
      this.#updateCount();
    }
  }

  clearRemote() {
    for (const peerId of [...this.#tiles.keys()]) {
      this.remove(peerId);
    }
  }

  /** Lets the stylesheet size the tiles by how many there are. */
  #updateCount() {
    this.#grid.dataset.count = String(this.#tiles.size + 1);
  }
}
