// The media link to one remote peer: an RTCPeerConnection negotiated with the "perfect negotiation"
// pattern (https://w3c.github.io/webrtc-pc/#perfect-negotiation-example). Both sides send offers
// whenever they need to; when two offers cross, the polite side yields (rolls back) and the impolite
// side ignores the other's offer.
//
// Every RTCPeerConnection this link opens gets a random id, and every signal carries the sender's id
// (`from`) and the id of the receiver's connection it answers (`to`, null until known). So when either
// side starts over with a fresh connection, the other notices a new `from` on an offer and starts over
// too, and signals meant for a connection that no longer exists are dropped.

const DEAD_STATES = new Set(['failed', 'closed']);
const MEDIA_KINDS = ['audio', 'video'];
// A negotiated connection that has not connected after this long restarts ICE (Chromium can stall
// ICE gathering after a rollback); the wait doubles each time, and it gives up after a few tries.
const STALL_CHECK_MS = 5000;
const MAX_STALL_RESTARTS = 4;

export class PeerLink {
  #remotePeerId;
  #polite;
  #send;
  #onTrack;
  #onState;
  #localStream;
  #current = null;
  #queue = Promise.resolve();
  #closed = false;
  #stallTimer = 0;

  /**
   * @param {object} options
   * @param {string} options.remotePeerId
   * @param {boolean} options.polite yields when offers cross; exactly one side of a link is polite
   * @param {(payload: object) => Promise<unknown>} options.send relays a signal to the remote peer
   * @param {MediaStream|null} options.localStream whose tracks are sent
   * @param {(stream: MediaStream) => void} options.onTrack the remote peer's media arrived
   * @param {(state: string) => void} options.onState the connection's state changed
   */
  constructor({ remotePeerId, polite, send, localStream, onTrack, onState }) {
    this.#remotePeerId = remotePeerId;
    this.#polite = polite;
    this.#send = send;
    this.#localStream = localStream;
    this.#onTrack = onTrack;
    this.#onState = onState;
    this.#open();
  }

  get remotePeerId() {
    return this.#remotePeerId;
  }

  get connectionState() {
    return this.#current?.pc.connectionState ?? 'closed';
  }

  /** framesDecoded summed over the remote peer's video streams. */
  async framesDecoded() {
    const report = await this.#current.pc.getStats();
    let frames = 0;
    report.forEach(entry => {
      if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
        frames += entry.framesDecoded ?? 0;
      }
    });
    return frames;
  }

  /** Handles a signal from the remote peer; signals are handled one at a time, in order. */
  receive(payload) {
    this.#enqueue(() => this.#handle(payload));
  }

  /**
   * Makes the link work again after either side lost its signalling connection: a dead connection is
   * replaced, an offer that may never have been delivered is withdrawn, and ICE restarts.
   */
  renegotiate() {
    this.#enqueue(async () => {
      const link = this.#current;
      if (DEAD_STATES.has(link.pc.connectionState)) {
        this.#open();
        return;
      }
      if (link.pc.signalingState === 'have-local-offer') {
        await link.pc.setLocalDescription({ type: 'rollback' });
      }
      link.pc.restartIce();
    });
  }

  /** Replaces the connection if it died; leaves a working one alone. */
  revive() {
    this.#enqueue(async () => {
      if (DEAD_STATES.has(this.#current.pc.connectionState)) {
        this.#open();
      } else if (this.#current.pc.signalingState === 'have-local-offer') {
        await this.#current.pc.setLocalDescription({ type: 'rollback' });
        this.#current.pc.restartIce();
      }
    });
  }

  close() {
    this.#closed = true;
    clearTimeout(this.#stallTimer);
    this.#dispose(this.#current);
    this.#current = null;
  }

  #enqueue(work) {
    this.#queue = this.#queue
      .then(() => (this.#closed ? undefined : work()))
      .catch(error => console.warn(`meeting: link to ${this.#remotePeerId}:`, error));
  }

  /** Opens a fresh RTCPeerConnection (closing any previous one) and sends the local tracks on it. */
  #open(remoteId = null) {
    this.#dispose(this.#current);
    const pc = new RTCPeerConnection({ iceServers: [] });
    const link = { pc, id: newId(), remoteId, makingOffer: false, ignoreOffer: false, settingRemoteAnswer: false };
    this.#current = link;

    pc.onnegotiationneeded = async () => {
      try {
        link.makingOffer = true;
        await pc.setLocalDescription();
        await this.#signal(link, { description: pc.localDescription });
      } catch (error) {
        console.warn(`meeting: offer to ${this.#remotePeerId} failed:`, error);
      } finally {
        link.makingOffer = false;
      }
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) {
        this.#signal(link, { candidate }).catch(error => console.debug('meeting: candidate not relayed:', error));
      }
    };
    pc.ontrack = ({ track, streams }) => {
      if (link === this.#current) {
        this.#onTrack(streams[0] ?? new MediaStream([track]));
      }
    };
    pc.onconnectionstatechange = () => {
      if (link !== this.#current) {
        return;
      }
      this.#onState(pc.connectionState);
      if (pc.connectionState === 'failed') {
        pc.restartIce();
      }
    };

    for (const track of this.#localStream?.getTracks() ?? []) {
      pc.addTrack(track, this.#localStream);
    }
    for (const kind of MEDIA_KINDS) {
      if (!this.#localStream?.getTracks().some(track => track.kind === kind)) {
        // Still receive what we cannot send, and so always have something to offer.
        pc.addTransceiver(kind, { direction: 'recvonly' });
      }
    }
    this.#onState(pc.connectionState);
    this.#watchForStall(link, 0);
    return link;
  }

  #watchForStall(link, restarts) {
    clearTimeout(this.#stallTimer);
    this.#stallTimer = setTimeout(() => {
      const { pc } = link;
      if (link !== this.#current || pc.connectionState === 'connected') {
        return;
      }
      const negotiated = pc.signalingState === 'stable' && pc.remoteDescription !== null;
      if (negotiated && pc.connectionState !== 'failed' && restarts < MAX_STALL_RESTARTS) {
        console.warn(`meeting: link to ${this.#remotePeerId} is still ${pc.connectionState}; restarting ICE`);
        pc.restartIce();
        this.#watchForStall(link, restarts + 1);
      } else if (restarts < MAX_STALL_RESTARTS) {
        this.#watchForStall(link, restarts);
      }
    }, STALL_CHECK_MS * 2 ** restarts * (this.#polite ? 1.5 : 1)); // apart, so two restarts do not cross
  }

  async #handle({ from, to, description, candidate }) {
    let link = this.#current;
    if (to && to !== link.id) {
      return; // meant for a connection of ours that has been replaced
    }
    if (from !== link.remoteId) {
      if (!description) {
        return; // a candidate of a remote connection we have not negotiated with
      }
      if (link.remoteId !== null) {
        link = this.#open(from); // the remote side started over with a fresh connection; so do we
      }
      link.remoteId = from;
    }

    const pc = link.pc;
    if (description) {
      const readyForOffer = !link.makingOffer && (pc.signalingState === 'stable' || link.settingRemoteAnswer);
      const offerCollision = description.type === 'offer' && !readyForOffer;
      link.ignoreOffer = !this.#polite && offerCollision;
      if (link.ignoreOffer) {
        return;
      }
      link.settingRemoteAnswer = description.type === 'answer';
      try {
        await pc.setRemoteDescription(description); // rolls back our own offer when the polite side yields
      } finally {
        link.settingRemoteAnswer = false;
      }
      if (description.type === 'offer') {
        await pc.setLocalDescription();
        await this.#signal(link, { description: pc.localDescription });
      }
    } else if (candidate) {
      try {
        await pc.addIceCandidate(candidate);
      } catch (error) {
        if (!link.ignoreOffer) {
          throw error;
        }
      }
    }
  }

  #signal(link, body) {
    if (link !== this.#current) {
      return Promise.resolve();
    }
    return this.#send({ from: link.id, to: link.remoteId, ...body });
  }

  #dispose(link) {
    if (!link) {
      return;
    }
    const { pc } = link;
    pc.onnegotiationneeded = pc.onicecandidate = pc.ontrack = pc.onconnectionstatechange = null;
    pc.close();
  }
}

function newId() {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}
