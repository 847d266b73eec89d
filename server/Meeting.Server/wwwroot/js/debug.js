// A read-only hook for tests and for poking around in the console:
// window.meeting = { state, peerId, lastEventId, transportId, peers(), stats(), mediaStats() }.

export function installDebugHook(target, { signalling, roster, sfu, history, selfPeerId }) {
  const hook = Object.freeze({
    get state() {
      return signalling.state;
    },
    get peerId() {
      return selfPeerId();
    },
    /** The newest room event id this page has seen ("{ms}-{seq}"), where a replay after a reconnect starts. */
    get lastEventId() {
      return history.lastEventId;
    },
    /** The media transport in use (MediaJoin's transportId), null when there is none. */
    get transportId() {
      return sfu.transportId;
    },
    /** [{ peerId, displayName, hasMedia, micOff, cameraOff, connectionState }] of the other peers in the room. */
    peers: () => roster.peers().map(peer => ({ ...peer, connectionState: sfu.connectionState })),
    /** Promise of { [peerId]: framesDecoded } for the remote peers' video. */
    stats: async () => {
      const { peers } = await sfu.stats();
      return Object.fromEntries(Object.entries(peers).map(([peerId, media]) => [peerId, media.video?.framesDecoded ?? 0]));
    },
    /** Promise of the media connection's stats: see media-stats.js (per peer, outbound, candidate pair). */
    mediaStats: () => sfu.stats(),
  });
  Object.defineProperty(target, 'meeting', { value: hook, enumerable: true });
}
