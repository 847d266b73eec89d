// What the media connection is doing, read from getStats() and grouped the way a person (or a test)
// asks about it: per remote peer, what this page sends, and the candidate pair in use.

const RECEIVING = new Set(['recvonly', 'sendrecv']);

/**
 * @param {RTCPeerConnection} pc
 * @param {Map<string, string>} midToPeer which peer each forwarded m-line carries
 * @returns {Promise<object>} {
 *   connectionState,
 *   peers: { [peerId]: { audio?: InboundRtp, video?: InboundRtp } } for m-lines still receiving,
 *   outbound: { audio?: { packetsSent, bytesSent }, video?: { packetsSent, bytesSent, framesEncoded } },
 *   candidatePair: { state, localAddress, remoteAddress, remotePort, availableOutgoingBitrate, currentRoundTripTime } | null
 * } where InboundRtp is { mid, packetsReceived, bytesReceived, framesDecoded }.
 */
export async function collectMediaStats(pc, midToPeer) {
  const transceivers = pc.getTransceivers();
  const receivingMids = new Set(transceivers.filter(t => t.mid && RECEIVING.has(t.currentDirection)).map(t => t.mid));
  const trackToMid = new Map(transceivers.filter(t => t.mid).map(t => [t.receiver.track.id, t.mid]));
  const report = await pc.getStats();

  const peers = {};
  const outbound = {};
  let selectedPairId = null;
  report.forEach(entry => {
    if (entry.type === 'inbound-rtp') {
      const mid = entry.mid ?? trackToMid.get(entry.trackIdentifier);
      const peerId = midToPeer.get(mid);
      if (peerId && receivingMids.has(mid)) {
        peers[peerId] ??= {};
        peers[peerId][entry.kind] = {
          mid,
          packetsReceived: entry.packetsReceived ?? 0,
          bytesReceived: entry.bytesReceived ?? 0,
          framesDecoded: entry.framesDecoded ?? 0,
        };
      }
    } else if (entry.type === 'outbound-rtp') {
      outbound[entry.kind] = {
        packetsSent: entry.packetsSent ?? 0,
        bytesSent: entry.bytesSent ?? 0,
        framesEncoded: entry.framesEncoded ?? 0,
      };
    } else if (entry.type === 'transport' && entry.selectedCandidatePairId) {
      selectedPairId = entry.selectedCandidatePairId;
    }
  });

  let pair = selectedPairId ? report.get(selectedPairId) : undefined;
  if (!pair) {
    report.forEach(entry => {
      if (entry.type === 'candidate-pair' && entry.nominated && entry.state === 'succeeded') {
        pair = entry;
      }
    });
  }
  const local = pair && report.get(pair.localCandidateId);
  const remote = pair && report.get(pair.remoteCandidateId);
  return {
    connectionState: pc.connectionState,
    peers,
    outbound,
    candidatePair: pair
      ? {
          state: pair.state,
          localAddress: local?.address ?? local?.ip ?? null,
          remoteAddress: remote?.address ?? remote?.ip ?? null,
          remotePort: remote?.port ?? null,
          availableOutgoingBitrate: pair.availableOutgoingBitrate ?? null,
          currentRoundTripTime: pair.currentRoundTripTime ?? null,
        }
      : null,
  };
}
