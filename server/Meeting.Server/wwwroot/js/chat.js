// The chat panel. Everything a peer typed is shown with textContent, never parsed as HTML. Messages are
// kept in the order of their event ids, so ones replayed after a reconnect land where they were said.

import { compareEventIds, parseEventId } from './room-history.js';

const MAX_SHOWN = 500;

export class ChatPanel {
  #log;
  #form;
  #input;
  #send;
  #isSelf;

  /**
   * @param {HTMLElement} panel holding .chat-log, .chat-form and .chat-input
   * @param {(text: string) => Promise<unknown>} send
   * @param {(peerId: string) => boolean} isSelf
   * @param {(error: unknown) => void} onError
   */
  constructor(panel, send, isSelf, onError) {
    this.#log = panel.querySelector('.chat-log');
    this.#form = panel.querySelector('.chat-form');
    this.#input = panel.querySelector('.chat-input');
    this.#send = send;
    this.#isSelf = isSelf;

    this.#form.addEventListener('submit', event => {
      event.preventDefault();
      this.#submit().catch(onError);
    });
    this.#input.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.#form.requestSubmit();
      }
    });
  }

  /** Shows a message the server relayed or replayed: { fromPeerId, displayName, text, sentAt, eventId }. */
  append({ fromPeerId, displayName, text, sentAt, eventId }) {
    const item = document.createElement('li');
    item.className = this.#isSelf(fromPeerId) ? 'chat-message own' : 'chat-message';
    item.dataset.peerId = fromPeerId;
    if (parseEventId(eventId)) {
      item.dataset.eventId = eventId;
    }

    const header = document.createElement('div');
    header.className = 'chat-meta';
    const sender = document.createElement('span');
    sender.className = 'chat-sender';
    sender.textContent = displayName;
    const time = document.createElement('time');
    const sent = new Date(sentAt);
    time.dateTime = sent.toISOString();
    time.textContent = sent.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    header.append(sender, time);

    const body = document.createElement('p');
    body.className = 'chat-text';
    body.textContent = text;

    item.append(header, body);
    this.#insert(item, this.#isSelf(fromPeerId));
  }

  /** Shows a line from the page itself, such as a gap in what could be replayed. */
  notice(text) {
    const item = document.createElement('li');
    item.className = 'chat-notice';
    item.setAttribute('role', 'status');
    item.textContent = text;
    this.#insert(item, true);
  }

  clear() {
    this.#log.replaceChildren();
    this.#input.value = '';
  }

  #insert(item, scroll) {
    const atBottom = this.#log.scrollHeight - this.#log.scrollTop - this.#log.clientHeight < 40;
    let before = null;
    if (item.dataset.eventId) {
      // Usually the newest: look back from the end for the first message it follows.
      for (let other = this.#log.lastElementChild; other; other = other.previousElementSibling) {
        if (other.dataset.eventId && compareEventIds(other.dataset.eventId, item.dataset.eventId) < 0) {
          break;
        }
        if (other.dataset.eventId) {
          before = other;
        }
      }
    }
    this.#log.insertBefore(item, before);
    while (this.#log.childElementCount > MAX_SHOWN) {
      this.#log.firstElementChild.remove();
    }
    if (atBottom || scroll) {
      this.#log.scrollTop = this.#log.scrollHeight;
    }
  }

  async #submit() {
    const text = this.#input.value.trim();
    if (!text) {
      return;
    }
    await this.#send(text);
    this.#input.value = '';
    this.#input.focus();
  }
}
