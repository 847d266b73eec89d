// The page's frame: which view is shown, the connection state indicator, notices and errors.

const STATE_LABELS = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  reconnected: 'Reconnected',
  disconnected: 'Disconnected',
};

export class PageView {
  #elements;

  constructor(root = document) {
    const byId = id => root.getElementById(id);
    this.#elements = {
      joinView: byId('join-view'),
      meetingView: byId('meeting-view'),
      roomLabel: byId('room-label'),
      state: byId('connection-state'),
      error: byId('error'),
      errorText: byId('error-text'),
      notice: byId('notice'),
      micToggle: byId('mic-toggle'),
      cameraToggle: byId('camera-toggle'),
    };
    byId('error-dismiss').addEventListener('click', () => this.clearError());
  }

  showJoin() {
    this.#elements.meetingView.hidden = true;
    this.#elements.joinView.hidden = false;
    this.#elements.roomLabel.hidden = true;
    document.title = 'Meeting';
  }

  showMeeting(room) {
    this.#elements.joinView.hidden = true;
    this.#elements.meetingView.hidden = false;
    this.#elements.roomLabel.textContent = room;
    this.#elements.roomLabel.hidden = false;
    document.title = `${room} · Meeting`;
  }

  setConnectionState(state) {
    this.#elements.state.dataset.state = state;
    this.#elements.state.textContent = STATE_LABELS[state] ?? state;
  }

  showError(text) {
    this.#elements.errorText.textContent = text;
    this.#elements.error.hidden = false;
  }

  clearError() {
    this.#elements.error.hidden = true;
    this.#elements.errorText.textContent = '';
  }

  /** A lasting, non-error remark (such as a missing camera); null hides it. */
  showNotice(text) {
    this.#elements.notice.textContent = text ?? '';
    this.#elements.notice.hidden = !text;
  }

  setMediaControls({ hasAudio, hasVideo, micOff, cameraOff }) {
    const { micToggle, cameraToggle } = this.#elements;
    micToggle.disabled = !hasAudio;
    micToggle.setAttribute('aria-pressed', String(micOff));
    micToggle.textContent = micOff ? 'Unmute' : 'Mute';
    cameraToggle.disabled = !hasVideo;
    cameraToggle.setAttribute('aria-pressed', String(cameraOff));
    cameraToggle.textContent = cameraOff ? 'Start camera' : 'Stop camera';
  }
}
