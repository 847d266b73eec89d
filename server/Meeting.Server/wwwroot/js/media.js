// The local camera and microphone. A missing device or a refused permission is not fatal: the page
// falls back to whatever it can get (video only, audio only, or nothing) and says so.

const CONSTRAINTS = [
  { label: null, audio: true, video: { width: { ideal: 640 }, height: { ideal: 360 } } },
  { label: 'No microphone: joining with video only.', audio: false, video: true },
  { label: 'No camera: joining with audio only.', audio: true, video: false },
];

export class LocalMedia {
  #stream = null;

  get stream() {
    return this.#stream;
  }

  get hasAudio() {
    return (this.#stream?.getAudioTracks().length ?? 0) > 0;
  }

  get hasVideo() {
    return (this.#stream?.getVideoTracks().length ?? 0) > 0;
  }

  /** Opens the devices; returns a note for the user when something is missing, else null. */
  async start() {
    this.stop();
    if (!navigator.mediaDevices?.getUserMedia) {
      this.#stream = new MediaStream();
      return 'This browser gives the page no camera or microphone (is it served over HTTPS?).';
    }
    for (const { label, audio, video } of CONSTRAINTS) {
      try {
        this.#stream = await navigator.mediaDevices.getUserMedia({ audio, video });
        return label;
      } catch (error) {
        console.warn('meeting: getUserMedia', { audio, video }, error);
      }
    }
    this.#stream = new MediaStream();
    return 'No camera or microphone could be opened: others will not see or hear you.';
  }

  setMicrophoneEnabled(enabled) {
    this.#stream?.getAudioTracks().forEach(track => { track.enabled = enabled; });
  }

  setCameraEnabled(enabled) {
    this.#stream?.getVideoTracks().forEach(track => { track.enabled = enabled; });
  }

  stop() {
    this.#stream?.getTracks().forEach(track => track.stop());
    this.#stream = null;
  }
}
