// Wires the page together: the join form, the hub connection, the media link to the room's home
// server, the tiles and the chat.

import { ChatPanel } from './chat.js';
import { installDebugHook } from './debug.js';
import { describeHubError } from './errors.js';
import { HostPanel } from './host-panel.js';
import { LocalMedia } from './media.js';
import { RoomHistory } from './room-history.js';
import { Roster } from './roster.js';
import { SessionClient } from './session.js';
import { SfuLink } from './sfu-link.js';
import { ConnectionState, Signalling } from './signalling.js';
import { TileGrid } from './tiles.js';
import { PageView } from './ui.js';
import { inviteFromUrl, isValidRoom, normalizeName, roomFromUrl } from './validation.js';

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
  let homeEpoch = null; // the room's home epoch as last heard (Join's reply, RoomHomeChanged)
  const mic = { off: false };
  const camera = { off: false };

  const showHubError = error => {
    const { code, text } = describeHubError(error);
    if (code === 'unauthenticated') {
      session.markStale();
    }
    view.showError(text);
  };

  const roster = new Roster(tiles);
  const sfu = new SfuLink({
    mediaJoin: () => signalling.mediaJoin(),
    mediaAnswer: (transportId, sdp, revision) => signalling.mediaAnswer(transportId, sdp, revision),
    setMuted: (kind, muted) => signalling.setMuted(kind, muted),
  }, {
    remoteStream: (peerId, stream) => roster.setStream(peerId, stream),
    mutes: mutes => roster.resetMutes(mutes),
    state: state => roster.setState(state),
  });
  const chat = new ChatPanel(document.getElementById('chat'), text => signalling.chat(text), peerId => peerId === selfPeerId, showHubError);
  const roomHistory = new RoomHistory();
  const hostPanel = new HostPanel(document.getElementById('host-panel'), {
    setRoomLocked: locked => signalling.setRoomLocked(locked),
    admit: peerId => signalling.admit(peerId),
    refuse: peerId => signalling.refuse(peerId),
    removePeer: peerId => signalling.removePeer(peerId),
    createInvite: () => signalling.createInvite(),
  }, showHubError);
  let lobbyWait = null; // { resolve, reject } while Join waits in a locked room's lobby

  /** Shows the host panel when this peer hosts the room, with the lock and the lobby as the server has them. */
  const showHostRole = async hostPeerId => {
    if (hostPeerId !== selfPeerId) {
      hostPanel.setHost(false);
      return;
    }
    try {
      const access = await signalling.roomAccess();
      hostPanel.setHost(true, { locked: access.locked, lobby: access.lobby });
    } catch (error) {
      console.warn('meeting: GetRoomAccess', error);
      hostPanel.setHost(true);
    }
  };

  const updateMediaControls = () => {
    view.setMediaControls({ hasAudio: media.hasAudio, hasVideo: media.hasVideo, micOff: mic.off, cameraOff: camera.off });
    tiles.setLocalFlags({ micOff: mic.off, cameraOff: camera.off });
  };

  const leaveLocally = () => {
    inRoom = false;
    sfu.stop();
    roster.clear();
    tiles.clearRemote();
    tiles.clearLocal();
    media.stop();
    chat.clear();
    roomHistory.clear();
    hostPanel.clear();
    view.showNotice(null);
    view.showJoin();
  };

  /**
   * Join (or a rejoin after a reconnect) succeeded: make the tiles match the roster, and the media
   * link the room's home (a rejoin keeps a working transport at the same home epoch).
   */
  const enterRoom = (joined, { rejoin }) => {
    const epoch = joined.home?.epoch ?? null;
    homeEpoch = epoch;
    const newSession = joined.peerId !== selfPeerId;
    if (newSession) {
      // The server forgot the old session: everything starts over, as on a first join.
      selfPeerId = joined.peerId;
      roster.start(selfPeerId);
    }
    roster.sync(joined.peers);
    hostPanel.resetPeers(joined.peers);
    showHostRole(joined.hostPeerId ?? null);
    if (!rejoin) {
      sfu.start(media.stream, epoch, { audio: mic.off, video: camera.off });
    } else if (newSession) {
      sfu.restart(epoch);
    } else {
      sfu.ensure(epoch);
    }
  };

  /**
   * After a rejoin: fetch what the room logged while we were away and apply it. Chat already shown is
   * dropped by id; for the roster only each peer's last event counts, and only if no newer one for that
   * peer arrived live meanwhile (Join's roster already reflects most of it; this closes the races).
   */
  const catchUp = async rejoinedAt => {
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
    let rosterChangedAway = false;
    for (const event of replay.events) {
      if (event.type !== 'Chat' && event.peerId !== selfPeerId && !roomHistory.has(event.eventId)) {
        rosterChangedAway = true;
      }
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
    for (const [peerId, event] of lastByPeer) {
      if (event.type === 'PeerLeft') {
        roster.remove(peerId);
      } else if (!roster.has(peerId) && names.has(peerId)) {
        // Joined while we were away and missing from Join's roster; its media comes through the server.
        roster.add(peerId, names.get(peerId));
      }
    }
    if (rosterChangedAway || replay.truncated) {
      // The server sends media offers only to a connected peer: the renegotiations those comings and
      // goings caused were lost, and only a new transport brings this page's media up to date.
      sfu.renew(homeEpoch, rejoinedAt);
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
      roster.add(detail.peerId, detail.displayName);
      hostPanel.peerJoined(detail.peerId, detail.displayName);
    }
  });
  signalling.addEventListener('PeerLeft', ({ detail }) => {
    if (roomHistory.acceptRoster(detail.peerId, detail.eventId)) {
      roster.remove(detail.peerId);
      hostPanel.peerLeft(detail.peerId);
    }
  });
  signalling.addEventListener('LobbyKnock', ({ detail }) => inRoom && hostPanel.knocked(detail.peerId, detail.displayName));
  signalling.addEventListener('RoomLocked', ({ detail }) => inRoom && hostPanel.setLocked(detail.locked));
  signalling.addEventListener('HostChanged', ({ detail }) => inRoom && showHostRole(detail.hostPeerId));
  signalling.addEventListener('LobbyAdmitted', () => lobbyWait?.resolve());
  signalling.addEventListener('LobbyRefused', () => lobbyWait?.reject(new Error('refused: the host did not let you in')));
  signalling.addEventListener('RemovedFromRoom', () => {
    if (inRoom) {
      signalling.forgetRoom();
      leaveLocally();
      view.showError(describeHubError(new Error('removed: by the host')).text);
    }
  });
  // A peer that reconnected keeps its tile; if it needed a new transport, the server renegotiates ours.
  signalling.addEventListener('PeerReconnected', ({ detail }) => roomHistory.acceptRoster(detail.peerId, detail.eventId));
  signalling.addEventListener('MediaOffer', ({ detail }) => inRoom && sfu.handleOffer(detail));
  signalling.addEventListener('MediaClosed', ({ detail }) => inRoom && sfu.handleClosed(detail));
  signalling.addEventListener('PeerMuted', ({ detail }) => inRoom && roster.setMuted(detail.peerId, detail.kind, detail.muted));
  signalling.addEventListener('RoomHomeChanged', ({ detail }) => {
    if (inRoom) {
      homeEpoch = detail.epoch;
      sfu.ensure(detail.epoch);
    }
  });
  signalling.addEventListener('Chat', ({ detail }) => roomHistory.see(detail.eventId) && chat.append(detail));
  signalling.addEventListener('rejoined', ({ detail }) => {
    if (inRoom) {
      enterRoom(detail, { rejoin: true });
      catchUp(performance.now());
    }
  });
  signalling.addEventListener('rejoinfailed', ({ detail }) => {
    leaveLocally();
    showHubError(detail);
  });

  /** Join; in a locked room wait in the lobby for the host's answer, then join again. */
  const joinOrWait = async (room, displayName, invite) => {
    try {
      return await signalling.join(room, displayName, invite);
    } catch (error) {
      if (describeHubError(error).code !== 'in_lobby') {
        throw error;
      }
    }
    view.showNotice(describeHubError(new Error('in_lobby: waiting')).text);
    try {
      await new Promise((resolve, reject) => { lobbyWait = { resolve, reject }; });
    } finally {
      lobbyWait = null;
      view.showNotice(null);
    }
    return signalling.join(room, displayName, invite);
  };

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
      roster.start(selfPeerId);
      inRoom = true;
      roomHistory.clear();
      const joined = await joinOrWait(room, displayName, inviteFromUrl(window.location));
      roomHistory.joined(joined.lastEventId);
      enterRoom(joined, { rejoin: false });
      localStorage.setItem(NAME_STORAGE_KEY, displayName);
      // The invite stays out of the address bar (and so out of history and screenshots) once used.
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
    sfu.setMuted('audio', mic.off).catch(error => console.warn('meeting: SetMuted audio', error));
  });
  document.getElementById('camera-toggle').addEventListener('click', () => {
    camera.off = !camera.off;
    media.setCameraEnabled(!camera.off);
    updateMediaControls();
    sfu.setMuted('video', camera.off).catch(error => console.warn('meeting: SetMuted video', error));
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

  installDebugHook(window, { signalling, roster, sfu, history: roomHistory, selfPeerId: () => selfPeerId });

  roomInput.value = roomFromUrl(window.location);
  nameInput.value = localStorage.getItem(NAME_STORAGE_KEY) ?? '';
  (roomInput.value ? nameInput : roomInput).focus();
  signalling.start().catch(error => console.warn('meeting: first connection attempt failed; retrying', error));
}

main();
