// Wires the page together: the join form, the hub connection, the mesh, the tiles and the chat.

import { ChatPanel } from './chat.js';
import { installDebugHook } from './debug.js';
import { describeHubError } from './errors.js';
import { LocalMedia } from './media.js';
import { Mesh } from './mesh.js';
import { RoomHistory } from './room-history.js';
import { SessionClient } from './session.js';
import { ConnectionState, Signalling } from './signalling.js';
import { TileGrid } from './tiles.js';
import { PageView } from './ui.js';
import { isValidRoom, normalizeName, roomFromUrl } from './validation.js';

const NAME_STORAGE_KEY = 'meeting.displayName';

function main() {
  const view = new PageView();
  const session = new SessionClient();
  let signalling;
  try {
    signalling = new Signalling(session);
  } catch (error) {
    view.setConnectionState(ConnectionState.disconnected);
    view.showError(error.message);
    return;
  }

  const media = new LocalMedia();
  const tiles = new TileGrid(document.getElementById('tiles'), document.getElementById('local-tile'));
  let selfPeerId = null;
  let inRoom = false;
  const mic = { off: false };
  const camera = { off: false };

  const showHubError = error => {
    const { code, text } = describeHubError(error);
    if (code === 'unauthenticated') {
      session.markStale();
    }
    view.showError(text);
  };

  const mesh = new Mesh((toPeerId, payload) => signalling.signal(toPeerId, payload), {
    peerAdded: (peerId, name) => tiles.add(peerId, name),
    peerRenamed: (peerId, name) => tiles.rename(peerId, name),
    peerRemoved: peerId => tiles.remove(peerId),
    remoteStream: (peerId, stream) => tiles.setStream(peerId, stream),
    peerState: (peerId, state) => tiles.setState(peerId, state),
  });
  const chat = new ChatPanel(document.getElementById('chat'), text => signalling.chat(text), peerId => peerId === selfPeerId, showHubError);
  const roomHistory = new RoomHistory();

  const updateMediaControls = () => {
    view.setMediaControls({ hasAudio: media.hasAudio, hasVideo: media.hasVideo, micOff: mic.off, cameraOff: camera.off });
    tiles.setLocalFlags({ micOff: mic.off, cameraOff: camera.off });
  };

  const leaveLocally = () => {
    inRoom = false;
    mesh.closeAll();
    tiles.clearRemote();
    tiles.clearLocal();
    media.stop();
    chat.clear();
    roomHistory.clear();
    view.showNotice(null);
    view.showJoin();
  };

  /** Join (or a rejoin after a reconnect) succeeded: make the mesh match the roster. */
  const enterRoom = (joined, { rejoin }) => {
    let offer = !rejoin;
    if (joined.peerId !== selfPeerId) {
      // A new session (the server forgot the old one): every link starts over, as on a first join.
      selfPeerId = joined.peerId;
      mesh.start(selfPeerId, media.stream);
      offer = true;
    }
    mesh.sync(joined.peers, { offer });
  };

  /**
   * After a rejoin: fetch what the room logged while we were away and apply it. Chat already shown is
   * dropped by id; for the roster only each peer's last event counts, and only if no newer one for that
   * peer arrived live meanwhile (Join's roster already reflects most of it; this closes the races).
   */
  const catchUp = async () => {
    const from = roomHistory.takeReplayFrom();
    if (!from) {
      return;
    }
    let replay;
    try {
      replay = await signalling.replay(from);
    } catch (error) {
      console.warn('meeting: could not fetch the events missed while reconnecting', error);
      return;
    }
    if (!inRoom) {
      return;
    }
    const names = new Map();
    const lastByPeer = new Map();
    for (const event of replay.events) {
      if (event.type === 'Chat') {
        if (roomHistory.see(event.eventId)) {
          chat.append(event);
        }
      } else if (event.peerId !== selfPeerId && roomHistory.acceptRoster(event.peerId, event.eventId)) {
        lastByPeer.set(event.peerId, event);
        if (event.displayName) {
          names.set(event.peerId, event.displayName);
        }
      } else {
        roomHistory.see(event.eventId);
      }
    }
    const known = new Set(mesh.peers().map(p => p.peerId));
    for (const [peerId, event] of lastByPeer) {
      if (event.type === 'PeerLeft') {
        mesh.remove(peerId);
      } else if (!known.has(peerId) && names.has(peerId)) {
        // Joined while we were away and missing from Join's roster: it offers to us once it sees us back.
        mesh.expect(peerId, names.get(peerId));
      }
    }
    if (replay.truncated) {
      chat.notice('Some of what was said while you were away is no longer available.');
    }
  };

  signalling.addEventListener('state', ({ detail }) => {
    view.setConnectionState(detail.state);
    if (detail.state === ConnectionState.reconnecting || detail.state === ConnectionState.disconnected) {
      roomHistory.suspend();
    }
  });
  signalling.addEventListener('PeerJoined', ({ detail }) => {
    if (roomHistory.acceptRoster(detail.peerId, detail.eventId) && inRoom) {
      mesh.expect(detail.peerId, detail.displayName);
    }
  });
  signalling.addEventListener('PeerLeft', ({ detail }) => {
    if (roomHistory.acceptRoster(detail.peerId, detail.eventId)) {
      mesh.remove(detail.peerId);
    }
  });
  signalling.addEventListener('PeerReconnected', ({ detail }) => {
    if (roomHistory.acceptRoster(detail.peerId, detail.eventId)) {
      mesh.peerReconnected(detail.peerId);
    }
  });
  signalling.addEventListener('Signal', ({ detail }) => inRoom && mesh.handleSignal(detail.fromPeerId, detail.payload));
  signalling.addEventListener('Chat', ({ detail }) => roomHistory.see(detail.eventId) && chat.append(detail));
  signalling.addEventListener('rejoined', ({ detail }) => {
    if (inRoom) {
      enterRoom(detail, { rejoin: true });
      catchUp();
    }
  });
  signalling.addEventListener('rejoinfailed', ({ detail }) => {
    leaveLocally();
    showHubError(detail);
  });

  const form = document.getElementById('join-form');
  const roomInput = document.getElementById('room-input');
  const nameInput = document.getElementById('name-input');
  const joinButton = document.getElementById('join-button');
  const joinProblem = document.getElementById('join-problem');

  const problem = text => {
    joinProblem.textContent = text ?? '';
    joinProblem.hidden = !text;
  };

  form.addEventListener('submit', async event => {
    event.preventDefault();
    const room = roomInput.value.trim().toLowerCase();
    const displayName = normalizeName(nameInput.value);
    if (!isValidRoom(room)) {
      problem('Room: 1–64 lower-case letters, digits and “-”.');
      roomInput.focus();
      return;
    }
    if (displayName === null) {
      problem('Name: 1–64 printable characters.');
      nameInput.focus();
      return;
    }
    problem(null);
    view.clearError();
    joinButton.disabled = true;
    try {
      selfPeerId = (await session.current()).peerId;
      view.showNotice(await media.start());
      mic.off = camera.off = false;
      updateMediaControls();
      tiles.showLocal(media.stream, displayName);
      mesh.start(selfPeerId, media.stream);
      inRoom = true;
      roomHistory.clear();
      const joined = await signalling.join(room, displayName);
      roomHistory.joined(joined.lastEventId);
      enterRoom(joined, { rejoin: false });
      localStorage.setItem(NAME_STORAGE_KEY, displayName);
      history.replaceState(null, '', `?room=${encodeURIComponent(room)}`);
      view.showMeeting(room);
    } catch (error) {
      leaveLocally();
      showHubError(error);
    } finally {
      joinButton.disabled = false;
    }
  });

  document.getElementById('mic-toggle').addEventListener('click', () => {
    mic.off = !mic.off;
    media.setMicrophoneEnabled(!mic.off);
    updateMediaControls();
  });
  document.getElementById('camera-toggle').addEventListener('click', () => {
    camera.off = !camera.off;
    media.setCameraEnabled(!camera.off);
    updateMediaControls();
  });
  document.getElementById('leave-button').addEventListener('click', async () => {
    try {
      await signalling.leave();
    } catch (error) {
      console.warn('meeting: leave', error);
    }
    leaveLocally();
  });
  window.addEventListener('pagehide', () => signalling.leaveNow());

  installDebugHook(window, { signalling, mesh, history: roomHistory, selfPeerId: () => selfPeerId });

  roomInput.value = roomFromUrl(window.location);
  nameInput.value = localStorage.getItem(NAME_STORAGE_KEY) ?? '';
  (roomInput.value ? nameInput : roomInput).focus();
  signalling.start().catch(error => console.warn('meeting: first connection attempt failed; retrying', error));
}

main();
