// The server's rules for room ids and display names, checked before a call is made.

export const ROOM_PATTERN = /^[a-z0-9-]{1,64}$/;
const NAME_MAX_LENGTH = 64;
// Control characters, bidi overrides and line/paragraph separators, as the server refuses them.
const UNPRINTABLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069\u2028\u2029]/u;

export function isValidRoom(room) {
  return ROOM_PATTERN.test(room);
}

/** The trimmed name, or null when the server would refuse it. */
export function normalizeName(name) {
  const trimmed = String(name ?? '').trim();
  if (trimmed.length === 0 || trimmed.length > NAME_MAX_LENGTH || UNPRINTABLE.test(trimmed) || !trimmed.isWellFormed()) {
    return null;
  }
  return trimmed;
}

/** The `?room=` of the page's address (checked like a typed one when the form is sent). */
export function roomFromUrl(location) {
  return (new URLSearchParams(location.search).get('room') ?? '').trim().toLowerCase().slice(0, 64);
}

/** The `?invite=` token of an invite link, or null. */
export function inviteFromUrl(location) {
  const invite = new URLSearchParams(location.search).get('invite');
  return invite && invite.length <= 2048 ? invite : null;
}
