'use strict';
// Two clients in a room through Caddy (both at GRA) and an observer connected straight to SBG, each
// also publishing video and receiving the others' through the room's home SFU (kit.d/media-peer.js).
// The movers join first, so the room's home (and its SFU) is GRA: the kill moves the media too.
// Phase 1: SIGKILL GRA, measure until each client is back in the room through SBG with the same
// peerId and the observer saw PeerReconnected (signalling back), and until every client decodes
// video from both others again, its media connection's remote end SBG's announced address (media back). Then wait for SIGUSR2 (the kit restarts GRA
// meanwhile). Phase 2: a newcomer through Caddy must land at GRA in the same room and exchange
// Signal with the clients at SBG. Lines on stdout: "phase1 ok key=value..." / "phase2 ok ..." or
// "fail <reason>".
const signalR = require('@microsoft/signalr');
const { performance } = require('node:perf_hooks');

const { MediaPeer } = require('./media-peer.js');

const [frontUrl, sbgUrl, graPid, room, sbgMedia, graMedia] = process.argv.slice(2);
// The browser client's schedule (server/Meeting.Server/wwwroot/js/signalling.js reads the same file).
const reconnectSchedule = require('../server/Meeting.Server/wwwroot/js/reconnect-schedule.json');
const STEP_TIMEOUT_MS = 15000;
const LIFETIME_MS = 120000;

const ms = t => Math.round(t);
const fail = reason => { console.log(`fail ${reason}`); process.exit(1); };
setTimeout(() => fail(`gave up after ${LIFETIME_MS} ms`), LIFETIME_MS).unref();
let proceed;
const proceeding = new Promise(resolve => { proceed = resolve; });
process.on('SIGUSR2', () => proceed());

async function createSession(base) {
  const response = await fetch(new URL('api/session', base), { method: 'POST', signal: AbortSignal.timeout(5000) });
  if (!response.ok) throw new Error(`POST ${base}api/session answered HTTP ${response.status}`);
  return response.json();
}

class Client {
  constructor(name, base) {
    this.name = name;
    this.base = base;
    this.events = [];
    this.waiters = [];
    this.times = {};
  }

  async start() {
    this.session = await createSession(this.base);
    this.connection = new signalR.HubConnectionBuilder()
      .withUrl(new URL('hubs/meeting', this.base).href, {
        accessTokenFactory: () => this.session.token,
        transport: signalR.HttpTransportType.WebSockets,
        skipNegotiation: true,
      })
      .withAutomaticReconnect({ nextRetryDelayInMilliseconds: c => reconnectSchedule.delaysMs[c.previousRetryCount] ?? reconnectSchedule.steadyMs })
      .configureLogging(signalR.LogLevel.None)
      .build();
    for (const name of ['PeerJoined', 'PeerLeft', 'PeerReconnected', 'Signal']) {
      this.connection.on(name, argument => this.record(name, argument));
    }
    this.media = new MediaPeer({ invoke: (method, ...args) => this.connection.invoke(method, ...args) });
    const mediaFailed = error => this.record('mediafailed', { message: String(error?.message ?? error) });
    this.connection.on('MediaOffer', offer => this.media.offer(offer).catch(mediaFailed));
    // As sfu-link.js: a transport the server gave up on, or one made at another home epoch, is replaced.
    this.connection.on('MediaClosed', () => this.media.join().catch(mediaFailed));
    this.connection.on('RoomHomeChanged', home => this.ensureMedia(home.epoch).catch(mediaFailed));
    this.connection.onreconnecting(() => { this.times.closed ??= performance.now(); });
    this.connection.onreconnected(async () => {
      this.times.reconnected ??= performance.now();
      try {
        this.rejoin = await this.connection.invoke('Join', room, this.name);
        this.times.rejoined = performance.now();
        this.record('rejoined', this.rejoin);
        await this.ensureMedia(this.rejoin.home?.epoch);
      } catch (error) {
        this.record('rejoinfailed', { message: String(error?.message ?? error) });
      }
    });
    await this.connection.start();
  }

  async join() {
    this.joined = await this.connection.invoke('Join', room, this.name);
    this.epoch = this.joined.home?.epoch;
    await this.media.join();
    return this.joined;
  }

  ensureMedia(epoch) {
    return this.media.enqueue(async () => {
      const state = this.media.link?.pc.connectionState;
      if (epoch !== this.epoch || !this.media.link || ['failed', 'closed'].includes(state)) {
        this.epoch = epoch;
        await this.media.joinNow();
      }
    });
  }

  record(name, argument) {
    const event = { name, argument, at: performance.now() };
    this.events.push(event);
    for (const waiter of [...this.waiters]) {
      if (waiter.match(event)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    }
  }

  waitFor(name, predicate = () => true, what = name) {
    const match = e => e.name === name && predicate(e.argument);
    const found = this.events.find(match);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter = { match, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) {
          this.waiters.splice(index, 1);
          reject(new Error(`${this.name}: no ${what} within ${STEP_TIMEOUT_MS} ms`));
        }
      }, STEP_TIMEOUT_MS);
    });
  }
}

async function until(predicate, timeoutMs, what) {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`no ${what} within ${timeoutMs} ms`);
    await new Promise(resolve => setTimeout(resolve, 50));
  }
}

function whenTold() {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error('the kit never said to go on')), 60000); });
  return Promise.race([proceeding, timeout]).finally(() => clearTimeout(timer));
}

async function main() {
  const observer = new Client('observer', sbgUrl);
  const movers = [new Client('mover-1', frontUrl), new Client('mover-2', frontUrl)];
  for (const mover of movers) {
    await mover.start();
    const joined = await mover.join();
    if (joined.site !== 'gra') fail(`${mover.name} reached ${joined.site} through Caddy, not gra`);
    if (joined.peerId !== mover.session.peerId) fail(`${mover.name}: Join's peerId is not the session's`);
  }
  await observer.start();
  const seen = await observer.join();
  if (seen.site !== 'sbg') fail(`the observer reached ${seen.site}, not sbg`);

  const everyone = [observer, ...movers];
  const videoFromAll = since => everyone.every(c => everyone.every(o => o === c || c.media.framesSince(o.session.peerId, since) !== null));
  await until(() => videoFromAll(0), STEP_TIMEOUT_MS, 'video between all three before the kill');
  // The room's home is GRA (a mover created it), so every peer's media, the observer's included, goes there.
  for (const client of everyone) {
    const remote = await client.media.remoteAddress();
    if (remote !== graMedia) fail(`before the kill ${client.name}'s media goes to ${remote}, not GRA's announced ${graMedia}`);
  }

  const killedAt = performance.now();
  process.kill(Number(graPid), 'SIGKILL');
  for (const mover of movers) {
    const rejoined = await mover.waitFor('rejoined', () => true, 'rejoin after the reconnect');
    const again = rejoined.argument;
    if (again.site !== 'sbg') fail(`${mover.name} came back at ${again.site}, not sbg`);
    if (again.peerId !== mover.session.peerId) fail(`${mover.name} came back as ${again.peerId}, not ${mover.session.peerId}`);
    const reconnected = await observer.waitFor('PeerReconnected', p => p.peerId === mover.session.peerId);
    mover.times.seen = reconnected.at;
  }
  for (const mover of movers) {
    if (observer.events.some(e => e.name === 'PeerLeft' && e.argument.peerId === mover.session.peerId)) {
      fail(`the observer saw ${mover.name} leave`);
    }
    if (mover.events.some(e => e.name === 'rejoinfailed')) fail(`${mover.name}'s rejoin failed`);
  }
  const missing = since => everyone.flatMap(c => everyone
    .filter(o => o !== c && c.media.framesSince(o.session.peerId, since) === null)
    .map(o => `${c.name} gets nothing from ${o.name} (transport ${c.media.link?.transportId ?? 'none'}, ${c.media.link?.pc.connectionState ?? 'no connection'}, epoch ${c.epoch})`));
  await until(() => videoFromAll(killedAt), STEP_TIMEOUT_MS, 'video from every other peer after the kill')
    .catch(error => fail(`${error.message}: ${missing(killedAt).join('; ')}`));
  const mediaBack = ms(Math.max(...everyone.flatMap(c => everyone.filter(o => o !== c).map(o => c.media.framesSince(o.session.peerId, killedAt)))) - killedAt);
  for (const client of everyone) {
    const remote = await client.media.remoteAddress();
    if (remote !== sbgMedia) fail(`${client.name}'s media goes to ${remote}, not SBG's announced ${sbgMedia}`);
  }
  for (const client of everyone) {
    const failed = client.events.find(e => e.name === 'mediafailed');
    if (failed) fail(`${client.name}'s media failed: ${failed.argument.message}`);
  }
  const worst = key => ms(Math.max(...movers.map(m => m.times[key] - killedAt)));
  const back = ms(Math.max(...movers.map(m => Math.max(m.times.rejoined, m.times.seen) - killedAt)));
  console.log(`phase1 ok back_ms=${back} media_back_ms=${mediaBack} closed_ms=${worst('closed')} reconnected_ms=${worst('reconnected')} rejoined_ms=${worst('rejoined')} seen_ms=${worst('seen')}`);

  await whenTold();
  const newcomer = new Client('newcomer', frontUrl);
  await newcomer.start();
  const joinStarted = performance.now();
  const joined = await newcomer.join();
  const joinMs = ms(performance.now() - joinStarted);
  if (joined.site !== 'gra') fail(`the newcomer reached ${joined.site} through Caddy, not gra`);
  const roster = new Set(joined.peers.map(p => p.peerId));
  for (const peer of [observer, ...movers]) {
    if (!roster.has(peer.session.peerId)) fail(`split room: the newcomer at gra does not see ${peer.name}`);
    await peer.waitFor('PeerJoined', p => p.peerId === newcomer.session.peerId, 'PeerJoined for the newcomer');
  }
  const signalStarted = performance.now();
  for (const mover of movers) {
    await newcomer.connection.invoke('Signal', mover.session.peerId, { drill: 'offer' });
    await mover.waitFor('Signal', s => s.fromPeerId === newcomer.session.peerId, 'Signal from the newcomer');
    await mover.connection.invoke('Signal', newcomer.session.peerId, { drill: 'answer' });
    await newcomer.waitFor('Signal', s => s.fromPeerId === mover.session.peerId, `Signal from ${mover.name}`);
  }
  const signalMs = ms(performance.now() - signalStarted);
  console.log(`phase2 ok newcomer_site=${joined.site} room_size=${roster.size + 1} join_ms=${joinMs} signal_ms=${signalMs}`);
  for (const client of everyone) client.media.close();
  await Promise.allSettled([observer, newcomer, ...movers].map(c => c.connection.stop()));
}

main().then(() => process.exit(0), error => fail(String(error?.message ?? error).replace(/\s+/g, ' ')));
