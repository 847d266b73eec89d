// The host's controls: lock or unlock the room, answer the lobby, remove a peer, copy an invite link.
// Shown to the room's host only; the server checks every call anyway (not_host). Built with DOM calls
// and textContent only: names come from other people.

export class HostPanel {
  #root;
  #lockButton;
  #inviteButton;
  #lobbyList;
  #peerList;
  #calls;
  #onError;
  #locked = false;
  #peers = new Map();
  #lobby = new Map();

  /** `calls`: { setRoomLocked, admit, refuse, removePeer, createInvite }, each returning a promise. */
  constructor(root, calls, onError) {
    this.#root = root;
    this.#calls = calls;
    this.#onError = onError;
    this.#lockButton = root.querySelector('.host-lock');
    this.#inviteButton = root.querySelector('.host-invite');
    this.#lobbyList = root.querySelector('.host-lobby');
    this.#peerList = root.querySelector('.host-peers');
    this.#lockButton.addEventListener('click', () => this.#run(() => this.#calls.setRoomLocked(!this.#locked)));
    this.#inviteButton.addEventListener('click', () => this.#run(() => this.#copyInvite()));
  }

  /** Shows or hides the panel: `isHost` after Join, HostChanged or a rejoin. */
  setHost(isHost, { locked = this.#locked, lobby = [] } = {}) {
    this.#root.hidden = !isHost;
    this.#lobby = new Map(lobby.map(p => [p.peerId, p.displayName]));
    this.setLocked(locked);
    this.#render();
  }

  setLocked(locked) {
    this.#locked = locked;
    this.#lockButton.textContent = locked ? 'Unlock room' : 'Lock room';
    this.#lockButton.setAttribute('aria-pressed', String(locked));
    if (!locked) {
      this.#lobby.clear();
      this.#render();
    }
  }

  knocked(peerId, displayName) {
    this.#lobby.set(peerId, displayName);
    this.#render();
  }

  peerJoined(peerId, displayName) {
    this.#peers.set(peerId, displayName);
    this.#lobby.delete(peerId);
    this.#render();
  }

  peerLeft(peerId) {
    this.#peers.delete(peerId);
    this.#render();
  }

  /** The others in the room, as Join returned them. */
  resetPeers(peers) {
    this.#peers = new Map(peers.map(p => [p.peerId, p.displayName]));
    this.#render();
  }

  clear() {
    this.#peers.clear();
    this.#lobby.clear();
    this.#root.hidden = true;
    this.#render();
  }

  async #copyInvite() {
    const invite = await this.#calls.createInvite();
    const url = new URL(window.location.href);
    url.search = new URLSearchParams({ room: invite.room, invite: invite.token }).toString();
    await navigator.clipboard.writeText(url.toString());
    this.#inviteButton.textContent = 'Invite link copied';
    setTimeout(() => { this.#inviteButton.textContent = 'Copy invite link'; }, 2000);
  }

  #render() {
    this.#lobbyList.replaceChildren(...[...this.#lobby].map(([peerId, name]) => this.#row(name, [
      ['Admit', () => this.#calls.admit(peerId).then(() => { this.#lobby.delete(peerId); this.#render(); })],
      ['Refuse', () => this.#calls.refuse(peerId).then(() => { this.#lobby.delete(peerId); this.#render(); })],
    ])));
    this.#lobbyList.hidden = this.#lobby.size === 0;
    this.#peerList.replaceChildren(...[...this.#peers].map(([peerId, name]) => this.#row(name, [
      ['Remove', () => this.#calls.removePeer(peerId)],
    ])));
  }

  #row(name, actions) {
    const item = document.createElement('li');
    const label = document.createElement('span');
    label.textContent = name;
    item.append(label);
    for (const [text, action] of actions) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = text;
      button.addEventListener('click', () => this.#run(action));
      item.append(button);
    }
    return item;
  }

  async #run(action) {
    try {
      await action();
    } catch (error) {
      this.#onError(error);
    }
  }
}
