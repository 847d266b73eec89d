// This browser's session: POST /api/session sets the HttpOnly `meeting.sid` cookie and returns
// { token, peerId, expiresAt }. The token is kept so the hub can be opened with SignalR's
// accessTokenFactory even where the cookie is blocked; it is also sent back as a bearer token so
// a refresh returns the same session (and so the same peer id) instead of a new one.

const REQUEST_TIMEOUT_MS = 10_000;
const REFRESH_MARGIN_MS = 60_000;

export class SessionClient {
  #current = null;
  #stale = false;

  /** The live session, fetched on first use and again when it is near expiry or marked stale. */
  async current() {
    if (this.#current && !this.#stale && Date.parse(this.#current.expiresAt) - Date.now() > REFRESH_MARGIN_MS) {
      return this.#current;
    }
    return this.refresh();
  }

  /** The server refused the token (it restarted, or revoked the session): ask for a session again. */
  markStale() {
    this.#stale = true;
  }

  async refresh() {
    const headers = { Accept: 'application/json' };
    if (this.#current && !this.#stale) {
      headers.Authorization = `Bearer ${this.#current.token}`;
    }
    const response = await fetch('/api/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers,
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    if (!response.ok) {
      throw new Error(`could not get a session (HTTP ${response.status})`);
    }
    this.#current = await response.json();
    this.#stale = false;
    return this.#current;
  }
}
