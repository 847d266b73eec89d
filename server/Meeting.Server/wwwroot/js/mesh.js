// The full mesh: one PeerLink per other peer in the room, kept in step with the roster.
//
// Who offers first: a peer that joins opens links to everyone already in the room, and they wait
// for its offer (opening their side when it arrives), so the first negotiation does not start with
// two crossing offers. Perfect negotiation still settles any later crossing; the wait is only a
// head start, after which a peer that has heard nothing opens its side and offers itself.

import { PeerLink } from './peer-link.js';

const AWAIT_OFFER_MS = 4000;

export class Mesh {
  #links = new Map();
  #awaiting = new Map(); // peerId → timer: known peers whose first offer we wait for
  #names = new Map();
  #selfPeerId = null;
  #localStream = null;
  #signal;
  #view;

  /**
   * @param {(toPeerId: string, payload: object) => Promise<unknown>} signal relays a signal
   * @param {object} view callbacks: peerAdded(peerId, name), peerRenamed(peerId, name),
   *   peerRemoved(peerId), remoteStream(peerId, stream), peerState(peerId, state)
   */
  constructor(signal, view) {
    this.#signal = signal;
    this.#view = view;
  }

  /** Starts a mesh for this peer, sending `localStream`'s tracks to everyone. */
  start(selfPeerId, localStream) {
    this.closeAll();
    this.#selfPeerId = selfPeerId;
    this.#localStream = localStream;
  }

  /**
   * Brings the mesh in line with a roster from Join: drops the departed, revives dead links and
   * adds the others. `offer`: true on a first join (we are the newcomer and offer to everyone);
   * false on a rejoin, where peers that arrived meanwhile offer to us when they see us back.
   */
  sync(peers, { offer }) {
    const present = new Set(peers.map(p => p.peerId));
    for (const peerId of [...this.#names.keys()]) {
      if (!present.has(peerId)) {
        this.remove(peerId);
      }
    }
    for (const { peerId, displayName } of peers) {
      if (this.#links.has(peerId)) {
        this.#rename(peerId, displayName);
        this.#links.get(peerId).revive();
      } else if (offer) {
        this.connect(peerId, displayName);
      } else {
        this.expect(peerId, displayName);
      }
    }
  }

  /** A peer we open a link to now (and so offer to). */
  connect(peerId, displayName) {
    if (!this.#know(peerId, displayName) || this.#links.has(peerId)) {
      return;
    }
    this.#stopAwaiting(peerId);
    this.#links.set(peerId, new PeerLink({
      remotePeerId: peerId,
      // Any rule both sides compute alike will do; exactly one side of each pair is polite.
      polite: this.#selfPeerId < peerId,
      send: payload => this.#signal(peerId, payload),
      localStream: this.#localStream,
      onTrack: stream => this.#view.remoteStream(peerId, stream),
      onState: state => this.#view.peerState(peerId, state),
    }));
  }

  /** A peer that just joined: it offers to us; we open our side when its offer comes (or after a while). */
  expect(peerId, displayName) {
    if (!this.#know(peerId, displayName) || this.#links.has(peerId) || this.#awaiting.has(peerId)) {
      return;
    }
    this.#awaiting.set(peerId, setTimeout(() => {
      this.#awaiting.delete(peerId);
      this.connect(peerId, this.#names.get(peerId));
    }, AWAIT_OFFER_MS));
  }

  remove(peerId) {
    this.#stopAwaiting(peerId);
    this.#links.get(peerId)?.close();
    this.#links.delete(peerId);
    if (this.#names.delete(peerId)) {
      this.#view.peerRemoved(peerId);
    }
  }

  /** The peer lost its signalling connection and came back: its side of the link may have restarted. */
  peerReconnected(peerId) {
    this.#links.get(peerId)?.renegotiate();
  }

  handleSignal(fromPeerId, payload) {
    if (!this.#links.has(fromPeerId) && payload?.description?.type === 'offer') {
      // The offer we were waiting for (or one that overtook the PeerJoined announcing its sender).
      this.connect(fromPeerId, this.#names.get(fromPeerId) ?? '');
    }
    this.#links.get(fromPeerId)?.receive(payload);
  }

  closeAll() {
    for (const peerId of [...this.#names.keys()]) {
      this.remove(peerId);
    }
    this.#selfPeerId = null;
    this.#localStream = null;
  }

  peers() {
    return [...this.#names].map(([peerId, displayName]) => ({
      peerId,
      displayName,
      connectionState: this.#links.get(peerId)?.connectionState ?? 'new',
    }));
  }

  /** { [peerId]: framesDecoded } for every remote peer with a link. */
  async stats() {
    const entries = await Promise.all([...this.#links.values()].map(async link => [link.remotePeerId, await link.framesDecoded()]));
    return Object.fromEntries(entries);
  }

  /** Records the peer and shows its tile; false for ourselves or before start(). */
  #know(peerId, displayName) {
    if (this.#selfPeerId === null || peerId === this.#selfPeerId) {
      return false;
    }
    if (this.#names.has(peerId)) {
      this.#rename(peerId, displayName);
    } else {
      this.#names.set(peerId, displayName);
      this.#view.peerAdded(peerId, displayName);
    }
    return true;
  }

  #rename(peerId, displayName) {
    if (displayName && this.#names.get(peerId) !== displayName) {
      this.#names.set(peerId, displayName);
      this.#view.peerRenamed(peerId, displayName);
    }
  }

  #stopAwaiting(peerId) {
    clearTimeout(this.#awaiting.get(peerId));
    this.#awaiting.delete(peerId);
  }
}
