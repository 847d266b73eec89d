'use strict';
// A drill client's media, as the browser's sfu-link.js does it but with an independent WebRTC stack
// (@roamhq/wrtc, restored from kit.d/package.json): MediaJoin gives the server's offer, the peer
// publishes a synthetic camera on the m-line the server made for it (mid v0), answers, and answers
// every MediaOffer after it. Each forwarded track's stream id is the sending peer's id; decoded
// frames are counted per sending peer. A new transport (after a rejoin at another home epoch) is a
// new RTCPeerConnection, as in the browser. Joins and offers run one at a time, in order (as
// sfu-link.js queues them), so an answer never goes to a transport a concurrent join replaced.
const { RTCPeerConnection, nonstandard } = require('@roamhq/wrtc');
const { performance } = require('node:perf_hooks');

const WIDTH = 160;
const HEIGHT = 120;
const FRAME_EVERY_MS = 66;
const PUBLISH_VIDEO_MID = 'v0';

class MediaPeer {
  /** @param {{ invoke(method: string, ...args: unknown[]): Promise<any> }} hub */
  constructor(hub) {
    this.hub = hub;
    this.source = new nonstandard.RTCVideoSource();
    this.track = this.source.createTrack();
    this.frame = { width: WIDTH, height: HEIGHT, data: new Uint8ClampedArray(WIDTH * HEIGHT * 1.5) };
    this.ticks = 0;
    this.timer = setInterval(() => this.tick(), FRAME_EVERY_MS);
    this.link = null;
    this.frames = new Map(); // peerId → [performance.now() of each decoded frame, bounded]
    this.sinks = [];
    this.queue = Promise.resolve();
  }

  /** Runs `work` after everything queued before it; its failure is the caller's, not the queue's. */
  enqueue(work) {
    const run = this.queue.then(work);
    this.queue = run.catch(() => {});
    return run;
  }

  tick() {
    // A moving gradient, so the encoder never sends only repeats.
    this.ticks += 1;
    this.frame.data.fill(this.ticks % 256, 0, WIDTH * HEIGHT);
    this.source.onFrame(this.frame);
  }

  /** A new transport at the room's home (MediaJoin), replacing the current one. */
  join() {
    return this.enqueue(() => this.joinNow());
  }

  /** join() for work already in the queue. */
  async joinNow() {
    this.closeLink();
    const joined = await this.hub.invoke('MediaJoin');
    const pc = new RTCPeerConnection({ iceServers: [], bundlePolicy: 'max-bundle', rtcpMuxPolicy: 'require' });
    const link = { pc, transportId: joined.transportId, revision: -Infinity, published: false, createdAt: performance.now() };
    this.link = link;
    pc.ontrack = ({ track, streams }) => {
      if (link !== this.link || track.kind !== 'video' || !streams[0]) return;
      const peerId = streams[0].id;
      const sink = new nonstandard.RTCVideoSink(track);
      sink.onframe = () => this.sawFrame(peerId);
      this.sinks.push(sink);
    };
    await this.answer(link, joined.sdp, joined.revision);
    return link;
  }

  /** The server's MediaOffer for the current transport. */
  offer({ transportId, sdp, revision }) {
    return this.enqueue(async () => {
      const link = this.link;
      if (link && link.transportId === transportId && revision > link.revision) await this.answer(link, sdp, revision);
    });
  }

  async answer(link, sdp, revision) {
    const { pc } = link;
    await pc.setRemoteDescription({ type: 'offer', sdp });
    if (!link.published) {
      link.published = true;
      for (const transceiver of pc.getTransceivers()) {
        if (transceiver.mid === PUBLISH_VIDEO_MID) {
          transceiver.direction = 'sendonly';
          await transceiver.sender.replaceTrack(this.track);
        } else if (transceiver.mid === 'a0') {
          transceiver.direction = 'inactive';
        }
      }
    }
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    link.revision = revision;
    await this.hub.invoke('MediaAnswer', link.transportId, answer.sdp, revision);
  }

  sawFrame(peerId) {
    let times = this.frames.get(peerId);
    if (!times) this.frames.set(peerId, (times = []));
    times.push(performance.now());
    if (times.length > 2000) times.splice(0, 1000);
  }

  /** The first time after `since` that `count` frames from `peerId` had been decoded, or null. */
  framesSince(peerId, since, count = 5) {
    const after = (this.frames.get(peerId) ?? []).filter(t => t >= since);
    return after.length >= count ? after[count - 1] : null;
  }

  /** The remote end of the selected candidate pair, "ip:port", or null. */
  async remoteAddress() {
    const pc = this.link?.pc;
    if (!pc) return null;
    const stats = await pc.getStats();
    let pair = null;
    stats.forEach(s => {
      if (s.type === 'candidate-pair' && s.state === 'succeeded' && (s.nominated || s.selected)) pair = s;
    });
    const remote = pair && stats.get(pair.remoteCandidateId);
    return remote ? `${remote.ip ?? remote.address}:${remote.port}` : null;
  }

  closeLink() {
    for (const sink of this.sinks.splice(0)) sink.stop();
    this.link?.pc.close();
    this.link = null;
  }

  close() {
    clearInterval(this.timer);
    this.closeLink();
    this.track.stop();
  }
}

module.exports = { MediaPeer };
