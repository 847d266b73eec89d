// The hub connection: SignalR with a retry schedule that never gives up, the room membership that is
// restored after every reconnect, and the connection state the page shows.
//
// Events (CustomEvent, payload in `detail`): 'state' ({ state }), 'rejoined' (Join's response),
// 'rejoinfailed' (the error), and the hub's own 'PeerJoined', 'PeerLeft', 'PeerReconnected', 'Chat',
// 'RoomHomeChanged', 'MediaOffer', 'MediaClosed', 'PeerMuted' and the room-access events ('LobbyKnock',
// 'LobbyAdmitted', 'LobbyRefused', 'RemovedFromRoom', 'RoomLocked', 'HostChanged') with the server's argument.

import reconnectSchedule from './reconnect-schedule.json' with { type: 'json' };

const HUB_URL = '/hubs/meeting';
// Named once, in reconnect-schedule.json, for this client, the kit's Node clients and the .NET storm clients.
const RECONNECT_DELAYS_MS = reconnectSchedule.delaysMs;
const STEADY_RETRY_MS = reconnectSchedule.steadyMs;
const RESTART_DELAYS_MS = [1000, 2000, 5000];
const CALL_TIMEOUT_MS = 15_000;
const SERVER_EVENTS = [
  'PeerJoined', 'PeerLeft', 'PeerReconnected', 'Chat', 'RoomHomeChanged', 'MediaOffer', 'MediaClosed', 'PeerMuted',
  'LobbyKnock', 'LobbyAdmitted', 'LobbyRefused', 'RemovedFromRoom', 'RoomLocked', 'HostChanged',
];

/** connecting → connected → reconnecting → reconnected …; disconnected when SignalR gave up. */
export const ConnectionState = Object.freeze({
  connecting: 'connecting',
  connected: 'connected',
  reconnecting: 'reconnecting',
  reconnected: 'reconnected',
  disconnected: 'disconnected',
});

export class Signalling extends EventTarget {
  #signalR;
  #session;
  #connection;
  #state = ConnectionState.connecting;
  #membership = null;
  #stopped = true;
  #restartAttempt = 0;
  #restartTimer = 0;
  #started = null;
  #everConnected = false;

  constructor(session, signalR = globalThis.signalR) {
    super();
    if (!signalR) {
      throw new Error('The SignalR client library did not load (lib/signalr/signalr.min.js).');
    }
    this.#signalR = signalR;
    this.#session = session;
    this.#connection = new signalR.HubConnectionBuilder()
      // WebSockets only, without the negotiate round trip: behind Caddy a negotiate POST to a hung site
      // is not replayed elsewhere, and long polling does not survive the proxy's header timeout.
      .withUrl(HUB_URL, {
        accessTokenFactory: async () => (await session.current()).token,
        transport: signalR.HttpTransportType.WebSockets,
        skipNegotiation: true,
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: context => this.#nextRetryDelay(context) })
      .configureLogging(signalR.LogLevel.Warning)
      .build();

    for (const name of SERVER_EVENTS) {
      this.#connection.on(name, argument => this.#emit(name, argument));
    }
    this.#connection.onreconnecting(() => this.#setState(ConnectionState.reconnecting));
    this.#connection.onreconnected(() => this.#resumeAsync());
    this.#connection.onclose(error => this.#closed(error));
  }

  get state() {
    return this.#state;
  }

  get room() {
    return this.#membership?.room ?? null;
  }

  /** Opens the connection; resolves once it is up (or throws the first failure, while retrying on). */
  start() {
    if (!this.#stopped) {
      return this.#started;
    }
    this.#stopped = false;
    this.#setState(ConnectionState.connecting);
    this.#started = this.#connection.start().then(
      () => {
        this.#everConnected = true;
        this.#setState(ConnectionState.connected);
      },
      error => {
        this.#closed(error);
        throw error;
      });
    return this.#started;
  }

  /** Resolves when the connection is up, or rejects after `timeoutMs`. */
  async whenConnected(timeoutMs = CALL_TIMEOUT_MS) {
    const deadline = Date.now() + timeoutMs;
    while (this.#connection.state !== this.#signalR.HubConnectionState.Connected) {
      if (this.#stopped || Date.now() > deadline) {
        throw new Error('not connected to the server; try again in a moment');
      }
      await delay(100);
    }
  }

  /** Joins `room`; with `invite` (a token from an invite link) past the lobby of a locked room. */
  async join(room, displayName, invite = null) {
    await this.whenConnected();
    const joined = invite
      ? await this.#invoke('JoinWithInvite', room, displayName, invite)
      : await this.#invoke('Join', room, displayName);
    this.#membership = { room, displayName };
    return joined;
  }

  /** The server took this peer out of its room (the host removed it): nothing to rejoin after a reconnect. */
  forgetRoom() {
    this.#membership = null;
  }

  // Host controls: the server refuses them with not_host to anyone but the room's host.
  setRoomLocked(locked) {
    return this.#invoke('SetRoomLocked', locked);
  }

  admit(peerId) {
    return this.#invoke('Admit', peerId);
  }

  refuse(peerId) {
    return this.#invoke('Refuse', peerId);
  }

  removePeer(peerId) {
    return this.#invoke('RemovePeer', peerId);
  }

  /** { room, token, expiresAt } */
  createInvite() {
    return this.#invoke('CreateInvite');
  }

  /** { hostPeerId, locked, lobby: [{ peerId, displayName }] } */
  roomAccess() {
    return this.#invoke('GetRoomAccess');
  }

  async leave() {
    if (!this.#membership) {
      return;
    }
    this.#membership = null;
    if (this.#connection.state === this.#signalR.HubConnectionState.Connected) {
      await this.#invoke('Leave');
    }
  }

  /** Best effort for a closing page: no reply is awaited. */
  leaveNow() {
    if (this.#membership && this.#connection.state === this.#signalR.HubConnectionState.Connected) {
      this.#membership = null;
      this.#connection.send('Leave').catch(() => {});
    }
  }

  /** A new media transport at the room's home: { transportId, sdp (an offer), revision, mutes }. */
  async mediaJoin() {
    await this.whenConnected();
    return this.#invoke('MediaJoin');
  }

  mediaAnswer(transportId, sdp, revision) {
    return this.#invoke('MediaAnswer', transportId, sdp, revision);
  }

  /** kind: 'audio' | 'video'. The server stops forwarding it and tells the room (PeerMuted). */
  setMuted(kind, muted) {
    return this.#invoke('SetMuted', kind, muted);
  }

  chat(text) {
    return this.#invoke('Chat', text);
  }

  /** The room's events after `afterEventId`: { events: [{ type, eventId, … }], truncated }. */
  replay(afterEventId) {
    return this.#invoke('Replay', afterEventId);
  }

  async stop() {
    this.#stopped = true;
    clearTimeout(this.#restartTimer);
    await this.#connection.stop();
  }

  #invoke(method, ...args) {
    let timer = 0;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${method} got no answer within ${CALL_TIMEOUT_MS / 1000} s`)), CALL_TIMEOUT_MS);
    });
    return Promise.race([this.#connection.invoke(method, ...args), timeout]).finally(() => clearTimeout(timer));
  }

  #nextRetryDelay({ previousRetryCount, retryReason }) {
    if (retryReason?.statusCode === 401) {
      // The server no longer knows the token (it restarted, or the session expired).
      this.#session.markStale();
    }
    return RECONNECT_DELAYS_MS[previousRetryCount] ?? STEADY_RETRY_MS;
  }

  /** After a reconnect the hub sees a new connection: join the same room again under the same session. */
  async #resumeAsync() {
    this.#restartAttempt = 0;
    if (this.#membership) {
      const { room, displayName } = this.#membership;
      try {
        this.#emit('rejoined', await this.#invoke('Join', room, displayName));
      } catch (error) {
        this.#membership = null;
        this.#emit('rejoinfailed', error);
      }
    }
    this.#setState(ConnectionState.reconnected);
  }

  /** SignalR gave up (or the first start failed): start again with backoff until stopped. */
  #closed(error) {
    if (this.#stopped) {
      return;
    }
    if (error?.statusCode === 401) {
      this.#session.markStale();
    }
    this.#setState(ConnectionState.disconnected);
    clearTimeout(this.#restartTimer);
    const wait = RESTART_DELAYS_MS[Math.min(this.#restartAttempt, RESTART_DELAYS_MS.length - 1)];
    this.#restartAttempt += 1;
    this.#restartTimer = setTimeout(() => this.#restartAsync(), wait);
  }

  async #restartAsync() {
    if (this.#stopped || this.#connection.state !== this.#signalR.HubConnectionState.Disconnected) {
      return;
    }
    try {
      await this.#connection.start();
    } catch (error) {
      this.#closed(error);
      return;
    }
    if (this.#everConnected) {
      await this.#resumeAsync();
    } else {
      this.#everConnected = true;
      this.#restartAttempt = 0;
      this.#setState(ConnectionState.connected);
    }
  }

  #setState(state) {
    if (this.#state !== state) {
      this.#state = state;
      this.#emit('state', { state });
    }
  }

  #emit(type, detail) {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }
}

function delay(ms) {
  return new Promise(resolve => setTimeout(resolve, ms));
}
