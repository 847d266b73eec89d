'use strict';
// A meeting participant built on the official @microsoft/signalr npm client, driven by the
// end-to-end tests over stdin/stdout, one JSON object per line.
//
//   node participant.js <baseUrl> <room> <displayName>
//
// It gets a session from POST /api/session (without keeping the cookie) and opens the hub with the
// session's token through accessTokenFactory. It prints {"event":"joined",...} with Join's result,
// then one line per hub message it receives ({"event":"Chat",...}, {"event":"PeerJoined",...}, ...).
// Commands on stdin: {"chat":"text"} and {"leave":true}; an error prints {"event":"error",...}.
// The module is resolved through NODE_PATH (the server's node_modules), so nothing is installed twice.

const signalR = require('@microsoft/signalr');
const readline = require('node:readline');

const LIFETIME_MS = 60_000;
const REQUEST_TIMEOUT_MS = 10_000;
const SERVER_EVENTS = ['PeerJoined', 'PeerLeft', 'PeerReconnected', 'Chat'];

function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function createSession(baseUrl) {
  const response = await fetch(new URL('api/session', baseUrl), { method: 'POST', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
  if (!response.ok) {
    throw new Error(`POST /api/session answered HTTP ${response.status}`);
  }
  return response.json();
}

async function main() {
  const [baseUrl, room, displayName] = process.argv.slice(2);
  if (!baseUrl || !room || !displayName) {
    throw new Error('usage: node participant.js <baseUrl> <room> <displayName>');
  }

  const session = await createSession(baseUrl);
  const connection = new signalR.HubConnectionBuilder()
    .withUrl(new URL('hubs/meeting', baseUrl).href, { accessTokenFactory: () => session.token })
    .configureLogging(signalR.LogLevel.Warning)
    .build();
  for (const name of SERVER_EVENTS) {
    connection.on(name, argument => emit({ event: name, ...argument }));
  }
  connection.onclose(error => emit({ event: 'closed', error: error?.message ?? null }));

  await connection.start();
  const joined = await connection.invoke('Join', room, displayName);
  emit({ event: 'joined', sessionPeerId: session.peerId, ...joined });

  for await (const line of readline.createInterface({ input: process.stdin })) {
    if (!line.trim()) {
      continue;
    }
    const command = JSON.parse(line);
    try {
      if (typeof command.chat === 'string') {
        await connection.invoke('Chat', command.chat);
      } else if (command.leave) {
        await connection.invoke('Leave');
        break;
      }
    } catch (error) {
      emit({ event: 'error', message: String(error?.message ?? error) });
    }
  }
  await connection.stop();
}

setTimeout(() => {
  emit({ event: 'error', message: `gave up after ${LIFETIME_MS} ms` });
  process.exit(2);
}, LIFETIME_MS).unref();

main().then(
  () => process.exit(0),
  error => {
    emit({ event: 'error', message: String(error?.stack ?? error) });
    process.exit(1);
  });
