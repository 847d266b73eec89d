'use strict';
// One run of `kit drill chaos`: three clients in one room through Caddy, each sending a chat message
// once a second, while the kit injects a fault. Each client keeps the browser client's view of the room:
// the browser's own RoomHistory (dedup by event id, replay from a few seconds back after a rejoin) and
// Roster (wwwroot/js), the reconnect schedule of reconnect-schedule.json, and the same rejoin → Replay
// → apply sequence as main.js.
//
// Called as: node chaos-drill.js FRONT_URL ROOM. Protocol with the kit, on stdout, one line each:
//   "ready"                      all three are in the room and have exchanged chat
//   (SIGUSR1 from the kit)       the fault starts now
//   "recovered ms=N"             every client had a chat acknowledged and delivered to the other two again
//   (SIGUSR2 from the kit)       the kit restored what the fault broke: finish and report
//   "result key=value ..."       the counts (below); "lost ..." / "removed ..." lines name what went wrong
//   "fail <reason>"              the run could not be measured
//   (SIGUSR1 from the kit)       it has read the room from Redis: leave the room and exit
// Every wait is bounded; the program exits by itself after LIFETIME_MS whatever the kit does.
const signalR = require('@microsoft/signalr');
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { performance } = require('node:perf_hooks');

const [frontUrl, room] = process.argv.slice(2);
const wwwroot = path.join(__dirname, '..', 'server', 'Meeting.Server', 'wwwroot', 'js');
const reconnectSchedule = require(path.join(wwwroot, 'reconnect-schedule.json'));
const CALL_TIMEOUT_MS = 15000; // as signalling.js
const RESTART_DELAYS_MS = [1000, 2000, 5000]; // as signalling.js, once SignalR gave up
const CHAT_EVERY_MS = 1000;
const READY_TIMEOUT_MS = 20000;
const RECOVERY_TIMEOUT_MS = 90000;
const TOLD_TIMEOUT_MS = 150000;
const TAIL_CHAT_MS = 3000; // chatting goes on this long after the kit restored everything
const QUIET_MS = 8000; // the most the last messages get to arrive after chatting stopped
const LIFETIME_MS = 300000;

const ms = t => Math.round(t);
const say = line => console.log(line);
const fail = reason => { say(`fail ${String(reason).replace(/\s+/g, ' ')}`); process.exit(1); };
setTimeout(() => fail(`gave up after ${LIFETIME_MS} ms`), LIFETIME_MS).unref();
const sleep = t => new Promise(resolve => setTimeout(resolve, t));

function signalled(name, timeoutMs) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the kit sent no ${name} within ${timeoutMs} ms`)), timeoutMs);
    process.once(name, () => { clearTimeout(timer); resolve(performance.now()); });
  });
}

async function until(predicate, timeoutMs, what) {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(50);
  }
}

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} got no answer within ${CALL_TIMEOUT_MS / 1000} s`)), CALL_TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// The tiles a Roster drives: only removals matter here (a peer the page stopped showing).
function tilesRecordingRemovals(onRemove) {
  return new Proxy({}, { get: (_, name) => (name === 'remove' ? onRemove : () => {}) });
}

class Client {
  constructor(name, modules) {
    this.name = name;
    this.history = new modules.RoomHistory();
    this.roster = new modules.Roster(tilesRecordingRemovals(peerId => this.removed(peerId)));
    this.shown = new Map(); // chat text → how many times this page showed it
    this.delivered = new Map(); // chat text → when this page first showed it
    this.removals = []; // { peerId, at }
    this.home = null; // { site, epoch } as this page last learnt it
    this.inRoom = false;
    this.stopped = false;
    this.restartAttempt = 0;
    this.errors = [];
  }

  async start() {
    const response = await fetch(new URL('api/session', frontUrl), { method: 'POST', signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`POST api/session answered HTTP ${response.status}`);
    this.session = await response.json();
    this.peerId = this.session.peerId;
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(new URL('hubs/meeting', frontUrl).href, {
        accessTokenFactory: () => this.session.token,
        transport: signalR.HttpTransportType.WebSockets,
        skipNegotiation: true,
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: c => reconnectSchedule.delaysMs[c.previousRetryCount] ?? reconnectSchedule.steadyMs })
      .configureLogging(signalR.LogLevel.None)
      .build();
    const c = this.connection;
    c.on('PeerJoined', e => { if (this.history.acceptRoster(e.peerId, e.eventId) && this.inRoom) this.roster.add(e.peerId, e.displayName); });
    c.on('PeerLeft', e => { if (this.history.acceptRoster(e.peerId, e.eventId)) this.roster.remove(e.peerId); });
    c.on('PeerReconnected', e => this.history.acceptRoster(e.peerId, e.eventId));
    c.on('Chat', e => { if (this.history.see(e.eventId)) this.show(e); });
    c.on('RoomHomeChanged', e => { if (this.inRoom) this.home = { site: e.site, epoch: e.epoch }; });
    c.onreconnecting(() => this.history.suspend());
    c.onreconnected(() => this.resume());
    c.onclose(() => this.closed());
    await withTimeout(c.start(), 'start');
  }

  async join() {
    const joined = await withTimeout(this.connection.invoke('Join', room, this.name), 'Join');
    this.enter(joined);
    this.inRoom = true;
  }

  enter(joined) {
    if (joined.peerId !== this.peerId) {
      this.errors.push(`came back as ${joined.peerId}, not ${this.peerId}`);
    }
    if (!this.rosterStarted) {
      this.roster.start(joined.peerId);
      this.rosterStarted = true;
    }
    this.home = joined.home ? { site: joined.home.site, epoch: joined.home.epoch } : null;
    this.roster.sync(joined.peers);
    this.history.joined(joined.lastEventId);
  }

  // signalling.js #resumeAsync and main.js's 'rejoined' handler with catchUp.
  async resume() {
    this.restartAttempt = 0;
    if (!this.inRoom) return;
    let joined;
    try {
      joined = await withTimeout(this.connection.invoke('Join', room, this.name), 'Join');
    } catch (error) {
      this.errors.push(`rejoin failed: ${error?.message ?? error}`);
      return;
    }
    this.enter(joined);
    await this.catchUp();
  }

  async catchUp() {
    const from = this.history.takeReplayFrom();
    if (!from) return;
    let replay;
    try {
      replay = await withTimeout(this.connection.invoke('Replay', from), 'Replay');
    } catch (error) {
      this.errors.push(`replay failed: ${error?.message ?? error}`);
      return;
    }
    const names = new Map();
    const lastByPeer = new Map();
    for (const event of replay.events) {
      if (event.type === 'Chat') {
        if (this.history.see(event.eventId)) this.show(event);
      } else if (event.peerId !== this.peerId && this.history.acceptRoster(event.peerId, event.eventId)) {
        lastByPeer.set(event.peerId, event);
        if (event.displayName) names.set(event.peerId, event.displayName);
      } else {
        this.history.see(event.eventId);
      }
    }
    for (const [peerId, event] of lastByPeer) {
      if (event.type === 'PeerLeft') this.roster.remove(peerId);
      else if (!this.roster.has(peerId) && names.has(peerId)) this.roster.add(peerId, names.get(peerId));
    }
    if (replay.truncated) this.errors.push('replay truncated');
  }

  // signalling.js #closed / #restartAsync: SignalR gave up; start again with backoff.
  closed() {
    if (this.stopped) return;
    this.history.suspend();
    const wait = RESTART_DELAYS_MS[Math.min(this.restartAttempt, RESTART_DELAYS_MS.length - 1)];
    this.restartAttempt += 1;
    setTimeout(async () => {
      if (this.stopped || this.connection.state !== signalR.HubConnectionState.Disconnected) return;
      try {
        await withTimeout(this.connection.start(), 'start');
      } catch {
        this.closed();
        return;
      }
      await this.resume();
    }, wait);
  }

  show(message) {
    this.shown.set(message.text, (this.shown.get(message.text) ?? 0) + 1);
    if (!this.delivered.has(message.text)) this.delivered.set(message.text, performance.now());
  }

  removed(peerId) {
    this.removals.push({ peerId, at: performance.now() });
  }

  get connected() {
    return this.connection.state === signalR.HubConnectionState.Connected;
  }

  // Leaves as a closing page does, so the room empties without waiting for the reconnect grace.
  async stop() {
    this.stopped = true;
    if (this.connected && this.inRoom) await withTimeout(this.connection.invoke('Leave'), 'Leave').catch(() => {});
    await this.connection.stop().catch(() => {});
  }
}

// Every client says something once a second, without waiting for its previous message: a hung server
// must not stop the others from being tried. A message is acknowledged when Chat returned without error.
class Chatter {
  constructor(clients) {
    this.clients = clients;
    this.sent = []; // { from, text, at, ackedAt, error }
    this.seq = 0;
  }

  start() {
    this.timer = setInterval(() => this.tick(), CHAT_EVERY_MS);
    this.tick();
  }

  stop() {
    clearInterval(this.timer);
  }

  tick() {
    for (const client of this.clients) {
      if (!client.inRoom || !client.connected) continue;
      const text = `chaos ${client.name} ${++this.seq}`;
      const message = { from: client, text, at: performance.now(), ackedAt: null, error: null };
      this.sent.push(message);
      withTimeout(client.connection.invoke('Chat', text), 'Chat').then(
        () => { message.ackedAt = performance.now(); },
        error => { message.error = String(error?.message ?? error); });
    }
  }

  // The first moment after `since` when every client had a message acknowledged and shown by both others.
  recoveredAt(since) {
    let worst = 0;
    for (const client of this.clients) {
      let best = Infinity;
      for (const m of this.sent) {
        if (m.from !== client || m.at < since || m.ackedAt === null) continue;
        const others = this.clients.filter(o => o !== client).map(o => o.delivered.get(m.text));
        if (others.some(t => t === undefined)) continue;
        best = Math.min(best, Math.max(m.ackedAt, ...others));
      }
      if (best === Infinity) return null;
      worst = Math.max(worst, best);
    }
    return worst;
  }

  pending() {
    return this.sent.filter(m => m.ackedAt === null && m.error === null).length;
  }
}

async function main() {
  const [{ RoomHistory }, { Roster }] = await Promise.all([
    import(pathToFileURL(path.join(wwwroot, 'room-history.js')).href),
    import(pathToFileURL(path.join(wwwroot, 'roster.js')).href),
  ]);
  const clients = ['chaos-1', 'chaos-2', 'chaos-3'].map(name => new Client(name, { RoomHistory, Roster }));
  for (const client of clients) {
    await client.start();
    await client.join();
  }
  const ids = new Set(clients.map(c => c.peerId));
  await until(() => clients.every(c => [...ids].every(id => id === c.peerId || c.roster.has(id))), READY_TIMEOUT_MS, 'everyone sees everyone');
  const chatter = new Chatter(clients);
  chatter.start();
  const started = performance.now();
  await until(() => chatter.recoveredAt(started) !== null, READY_TIMEOUT_MS, 'chat between all three');
  const faultSignal = signalled('SIGUSR1', 30000);
  say('ready');
  const faultAt = await faultSignal;
  const restoredSignal = signalled('SIGUSR2', TOLD_TIMEOUT_MS);

  let recoveryMs = null;
  const recovery = until(() => chatter.recoveredAt(faultAt) !== null, RECOVERY_TIMEOUT_MS, 'recovery').then(() => {
    recoveryMs = ms(chatter.recoveredAt(faultAt) - faultAt);
    say(`recovered ms=${recoveryMs}`);
  }, () => {});
  await restoredSignal;
  await sleep(TAIL_CHAT_MS);
  await recovery;
  chatter.stop();
  // Bounded: the last messages are acknowledged (or time out) and delivered, or QUIET_MS passes.
  const acked = () => chatter.sent.filter(m => m.ackedAt !== null);
  const missing = () => acked().flatMap(m => clients.filter(c => c !== m.from && !c.delivered.has(m.text)).map(c => ({ m, c })));
  const quietUntil = performance.now() + Math.max(QUIET_MS, 0);
  while (performance.now() < quietUntil && (chatter.pending() > 0 || missing().length > 0)) await sleep(100);

  const lost = missing();
  const duplicates = clients.reduce((n, c) => n + [...c.shown.values()].filter(count => count > 1).length, 0);
  const wrongly = new Set();
  for (const c of clients) {
    for (const r of c.removals) wrongly.add(`${c.name}:${r.peerId}`);
    for (const id of ids) if (id !== c.peerId && !c.roster.has(id)) wrongly.add(`${c.name}:${id}`);
  }
  const homes = new Set(clients.map(c => (c.home ? `${c.home.site}:${c.home.epoch}` : 'none')));
  for (const { m, c } of lost.slice(0, 5)) say(`lost "${m.text}" (acknowledged ${ms(m.ackedAt - faultAt)} ms after the fault) never reached ${c.name}`);
  for (const entry of [...wrongly].slice(0, 5)) say(`removed ${entry}`);
  for (const c of clients) for (const e of c.errors.slice(0, 3)) say(`note ${c.name}: ${e}`);
  const home = [...homes][0].split(':');
  say([
    'result',
    `recovery_ms=${recoveryMs ?? 'none'}`,
    `sent=${chatter.sent.length}`,
    `acked=${acked().length}`,
    `lost=${lost.length}`,
    `duplicates=${duplicates}`,
    `wrongly_removed=${wrongly.size}`,
    `homes=${homes.size}`,
    `home_site=${home[0]}`,
    `home_epoch=${home[1] ?? ''}`,
    `peers=${[...ids].join(',')}`,
  ].join(' '));
  // The kit reads the room's home and roster from Redis while the clients are still in it.
  await signalled('SIGUSR1', 30000).catch(() => {});
  await Promise.allSettled(clients.map(c => c.stop()));
}

main().then(() => process.exit(0), error => fail(error?.message ?? error));
