// A read-only hook for tests and for poking around in the console:
// window.meeting = { state, peerId, lastEventId, peers(), stats() }.

export function installDebugHook(target, { signalling, mesh, history, selfPeerId }) {
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
    /** [{ peerId, displayName, connectionState }] of the other peers in the room. */
    peers: () => mesh.peers(),
    /** Promise of { [peerId]: framesDecoded } for the remote peers' video. */
    stats: () => mesh.stats(),
  });
  Object.defineProperty(target, 'meeting', { value: hook, enumerable: true });
}
