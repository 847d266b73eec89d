// Turns a refused hub call into something a person can read. The server's error text is
// "<code>: <detail>"; SignalR's client puts its own prefix in front, so the code is found by pattern.

const CODES = [
  'unauthenticated', 'invalid_room', 'invalid_name', 'invalid_message', 'invalid_payload', 'room_full',
  'not_in_room', 'unknown_peer', 'peer_unavailable', 'payload_too_large', 'rate_limited', 'unavailable',
  'invalid_event_id', 'invalid_sdp', 'unknown_transport', 'stale_answer', 'media_unavailable',
  'not_host', 'in_lobby', 'lobby_full', 'refused', 'removed', 'invalid_invite', 'invite_expired',
  'room_not_found', 'room_exists', 'too_many_connections',
];

const CODE_PATTERN = new RegExp(`\\b(${CODES.join('|')}): ?([^]*)$`);

const FRIENDLY = {
  unauthenticated: 'Your session has expired. Reload the page to start a new one.',
  invalid_room: 'That room name is not valid: use 1–64 lower-case letters, digits and “-”.',
  invalid_name: 'That name is not valid: use 1–64 printable characters.',
  invalid_message: 'That message cannot be sent: it is empty or contains unprintable characters.',
  room_full: 'This room is full.',
  not_in_room: 'You are not in a room any more. Join again.',
  payload_too_large: 'That message is too long.',
  rate_limited: 'You are sending too fast. Wait a moment and try again.',
  unavailable: 'The service is briefly unavailable. Try again in a moment.',
  media_unavailable: 'Audio and video are briefly unavailable; they come back on their own.',
  not_host: 'Only the host of this room can do that.',
  in_lobby: 'This room is locked. Waiting for the host to let you in…',
  lobby_full: 'Too many people are waiting to enter this room. Try again later.',
  refused: 'The host did not let you into this room.',
  removed: 'The host removed you from this room.',
  invalid_invite: 'That invite link is not valid for this room.',
  invite_expired: 'That invite link has expired. Ask the host for a new one.',
  room_not_found: 'There is no such room. Ask its host for an invite link.',
  room_exists: 'That room already exists.',
};

/** { code, detail, text } for an error thrown by a hub call; code is null when the server gave none. */
export function describeHubError(error) {
  const message = String(error?.message ?? error ?? 'unknown error');
  const match = CODE_PATTERN.exec(message);
  if (!match) {
    return { code: null, detail: message, text: `Something went wrong: ${message}` };
  }
  const [, code, detail] = match;
  return { code, detail, text: FRIENDLY[code] ?? `Refused (${code}): ${detail}` };
}
