// The one media connection of this page: an RTCPeerConnection to the room's home server (the SFU),
// which forwards everyone's audio and video. The server is ICE-lite and always makes the offers; this
// page only answers, so offers never cross. Its first offer has two recvonly m-lines, mids "a0" and
// "v0", for this page to publish into; every other m-line carries one track of another peer, whose
// `a=msid:<peerId> <trackId>` names the peer. Offers and MediaJoin calls are handled one at a time,
// in order, so a renegotiation never overlaps the transport it belongs to being built or replaced.

import { describeHubError } from './errors.js';
import { collectMediaStats } from './media-stats.js';

const PUBLISH_MIDS = Object.freeze({ audio: 'a0', video: 'v0' });
const DEAD_STATES = new Set(['failed', 'closed', 'disconnected']);
// "disconnected" may heal on its own (a short loss); only one that lasts this long starts over.
/** The camera's bitrate ceiling (bit/s). */
const VIDEO_MAX_BITRATE = 2_500_000;
const DISCONNECTED_GRACE_MS = 5000;
const RESTART_DELAYS_MS = [1000, 2000, 5000, 10_000, 30_000];

export class SfuLink {
  #hub;
  #view;
  #queue = Promise.resolve();
  #current = null; // { pc, transportId, epoch, revision, published, broken, midToPeer }
  #localStream = null;
  #muted = { audio: false, video: false };
  #active = false;
  #restartTimer = 0;
  #restarts = 0;

  /**
   * @param {object} hub mediaJoin(), mediaAnswer(transportId, sdp, revision), setMuted(kind, muted)
   * @param {object} view remoteStream(peerId, stream | null), mutes([{ peerId, kind, muted }]),
   *   state(connectionState)
   */
  constructor(hub, view) {
    this.#hub = hub;
    this.#view = view;
  }

  get connectionState() {
    return this.#current?.pc.connectionState ?? 'closed';
  }

  get transportId() {
    return this.#current?.transportId ?? null;
  }

  /** Publishes `localStream` through a new transport at the room's home (known at `epoch`). */
  start(localStream, epoch, muted = { audio: false, video: false }) {
    this.#active = true;
    this.#localStream = localStream;
    this.#muted = { ...muted };
    this.#restarts = 0;
    return this.#enqueue(() => this.#join(epoch));
  }

  /**
   * After a rejoin or a `RoomHomeChanged`: a transport made at another home epoch, or one that died or
   * was never answered, is replaced by a new one; a working one is left alone.
   */
  ensure(epoch) {
    return this.#enqueue(async () => {
      const link = this.#current;
      if (!link || link.broken || link.epoch !== epoch || DEAD_STATES.has(link.pc.connectionState)) {
        await this.#join(epoch);
      }
    });
  }

  /** A new transport whatever the state of the current one (this page's session changed). */
  restart(epoch) {
    return this.#enqueue(() => this.#join(epoch));
  }

  /** A new transport unless the current one was made after `since` (a performance.now() time). */
  renew(epoch, since) {
    return this.#enqueue(async () => {
      if (!this.#current || this.#current.createdAt < since) {
        await this.#join(epoch);
      }
    });
  }

  /** The server's `MediaOffer`: a renegotiation of the current transport (peers came or went). */
  handleOffer({ transportId, sdp, revision }) {
    return this.#enqueue(async () => {
      const link = this.#current;
      if (link && link.transportId === transportId && revision > link.revision) {
        await this.#answer(link, sdp, revision);
      }
    });
  }

  /** The server's `MediaClosed`: it gave up on the transport (ICE consent or DTLS lost); start over. */
  handleClosed({ transportId, reason }) {
    const link = this.#current;
    if (link && link.transportId === transportId) {
      link.broken = true;
      this.#scheduleRestart(link.epoch, `the server closed the media transport (${reason})`);
    }
  }

  /** Stops (or resumes) sending `kind` and tells the server, which tells the room. */
  async setMuted(kind, muted) {
    this.#muted[kind] = muted;
    const link = this.#current;
    if (link?.published) {
      await this.#sender(link, kind)?.replaceTrack(muted ? null : this.#localTrack(kind));
    }
    if (link) {
      await this.#hub.setMuted(kind, muted);
    }
  }

  /** Closes the connection and forgets the transport; `Leave` tells the server. */
  stop() {
    this.#active = false;
    clearTimeout(this.#restartTimer);
    this.#dispose(this.#current);
    this.#current = null;
    this.#localStream = null;
  }

  /** For tests and the console: see media-stats.js. */
  async stats() {
    const link = this.#current;
    if (!link) {
      return { transportId: null, connectionState: 'closed', peers: {}, outbound: {}, candidatePair: null };
    }
    return { transportId: link.transportId, ...await collectMediaStats(link.pc, link.midToPeer) };
  }

  #enqueue(work) {
    this.#queue = this.#queue
      .then(() => (this.#active ? work() : undefined))
      .catch(error => console.warn('meeting: media:', error));
    return this.#queue;
  }

  /** MediaJoin: a new transport and a new RTCPeerConnection, the old one closed. */
  async #join(epoch) {
    clearTimeout(this.#restartTimer);
    this.#dispose(this.#current);
    this.#current = null;
    let joined;
    try {
      joined = await this.#hub.mediaJoin();
    } catch (error) {
      this.#scheduleRestart(epoch, 'MediaJoin failed');
      throw error;
    }
    if (!this.#active) {
      return;
    }
    const link = this.#open(joined.transportId, epoch);
    this.#view.mutes(joined.mutes ?? []);
    await this.#answer(link, joined.sdp, joined.revision);
    for (const kind of Object.keys(PUBLISH_MIDS)) {
      if (this.#muted[kind] && link === this.#current) {
        // A new transport (perhaps at a new home) may not know what the old one was told.
        await this.#hub.setMuted(kind, true);
      }
    }
  }

  #open(transportId, epoch) {
    const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    const link = { pc, transportId, epoch, createdAt: performance.now(), revision: -Infinity, published: false, broken: false, midToPeer: new Map(), disconnectedTimer: 0 };
    this.#current = link;
    pc.ontrack = event => link === this.#current && this.#track(link, event);
    pc.onconnectionstatechange = () => {
      if (link !== this.#current) {
        return;
      }
      const state = pc.connectionState;
      this.#view.state(state);
      clearTimeout(link.disconnectedTimer);
      if (state === 'connected') {
        this.#restarts = 0;
        this.#capVideo(link);
      } else if (state === 'failed') {
        this.#scheduleRestart(epoch, 'the media connection failed');
      } else if (state === 'disconnected') {
        link.disconnectedTimer = setTimeout(() => {
          if (link === this.#current && pc.connectionState === 'disconnected') {
            this.#scheduleRestart(epoch, 'the media connection stayed disconnected');
          }
        }, DISCONNECTED_GRACE_MS);
      }
    };
    this.#view.state(pc.connectionState);
    return link;
  }

  async #answer(link, sdp, revision) {
    const { pc } = link;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    if (link !== this.#current) {
      return;
    }
    if (!link.published) {
      await this.#publish(link);
    }
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (link !== this.#current) {
      return;
    }
    link.revision = revision;
    try {
      await this.#hub.mediaAnswer(link.transportId, answer.sdp, revision);
    } catch (error) {
      // A stale answer is followed by the newer offer; any other failure may have lost this one, so the
      // next ensure() starts over.
      if (describeHubError(error).code !== 'stale_answer') {
        link.broken = true;
      }
      throw error;
    }
  }

  /** Sends the local tracks on the two m-lines the server made for them. */
  /**
   * Gives the camera a bitrate ceiling once media flows, so one publisher's video costs the room's
   * SFU and every subscriber at most VIDEO_MAX_BITRATE.
   */
  async #capVideo(link) {
    const sender = this.#sender(link, 'video');
    try {
      const parameters = sender?.getParameters();
      if (!parameters?.encodings?.length) {
        return;
      }
      parameters.encodings[0].maxBitrate = VIDEO_MAX_BITRATE;
      await sender.setParameters(parameters);
    } catch (error) {
      console.warn('meeting: could not set the camera bitrate ceiling', error);
    }
  }

  async #publish(link) {
    link.published = true;
    const byMid = new Map(link.pc.getTransceivers().map(t => [t.mid, t]));
    for (const [kind, mid] of Object.entries(PUBLISH_MIDS)) {
      const transceiver = byMid.get(mid);
      if (!transceiver) {
        console.warn(`meeting: the server's offer has no m-line ${mid} for ${kind}`);
        continue;
      }
      const track = this.#localTrack(kind);
      transceiver.direction = track ? 'sendonly' : 'inactive';
      if (track) {
        transceiver.sender.setStreams(this.#localStream);
        await transceiver.sender.replaceTrack(this.#muted[kind] ? null : track);
      }
    }
  }

  /** Another peer's track: its stream's id is that peer's id. */
  #track(link, { track, streams, transceiver }) {
    const stream = streams[0];
    if (!stream) {
      console.warn(`meeting: a forwarded ${track.kind} track (mid ${transceiver.mid}) names no peer`);
      return;
    }
    const peerId = stream.id;
    link.midToPeer.set(transceiver.mid, peerId);
    // An m-line the server made inactive (its peer left) takes the track out of the stream; a stopped
    // one ends it. Either way the peer's tile loses that media, and all of it once none is left.
    const drop = () => {
      if (track.readyState === 'ended' && stream.getTracks().includes(track)) {
        stream.removeTrack(track);
      }
      if (link === this.#current && stream.getTracks().length === 0) {
        this.#view.remoteStream(peerId, null);
      }
    };
    stream.onremovetrack = drop;
    track.addEventListener('ended', drop, { once: true });
    this.#view.remoteStream(peerId, stream);
  }

  #scheduleRestart(epoch, reason) {
    if (!this.#active) {
      return;
    }
    clearTimeout(this.#restartTimer);
    const wait = RESTART_DELAYS_MS[Math.min(this.#restarts, RESTART_DELAYS_MS.length - 1)];
    this.#restarts += 1;
    console.warn(`meeting: ${reason}; a new media transport in ${wait} ms`);
    this.#restartTimer = setTimeout(() => this.#enqueue(() => this.#join(this.#current?.epoch ?? epoch)), wait);
  }

  #sender(link, kind) {
    return link.pc.getTransceivers().find(t => t.mid === PUBLISH_MIDS[kind])?.sender ?? null;
  }

  #localTrack(kind) {
    return this.#localStream?.getTracks().find(track => track.kind === kind && track.readyState === 'live') ?? null;
  }

  #dispose(link) {
    if (!link) {
      return;
    }
    clearTimeout(link.disconnectedTimer);
    link.pc.ontrack = link.pc.onconnectionstatechange = null;
    link.pc.close();
    for (const peerId of new Set(link.midToPeer.values())) {
      this.#view.remoteStream(peerId, null);
    }
  }
}
