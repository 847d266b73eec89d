// The chat panel. Everything a peer typed is shown with textContent, never parsed as HTML.

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

  /** Shows a message the server relayed: { fromPeerId, displayName, text, sentAt }. */
  append({ fromPeerId, displayName, text, sentAt }) {
    const item = document.createElement('li');
    item.className = this.#isSelf(fromPeerId) ? 'chat-message own' : 'chat-message';
    item.dataset.peerId = fromPeerId;

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
    const atBottom = this.#log.scrollHeight - this.#log.scrollTop - this.#log.clientHeight < 40;
    this.#log.append(item);
    while (this.#log.childElementCount > MAX_SHOWN) {
      this.#log.firstElementChild.remove();
    }
    if (atBottom || this.#isSelf(fromPeerId)) {
      this.#log.scrollTop = this.#log.scrollHeight;
    }
  }

  clear() {
    this.#log.replaceChildren();
    this.#input.value = '';
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
