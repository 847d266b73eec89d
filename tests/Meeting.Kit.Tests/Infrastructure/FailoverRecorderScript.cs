namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// A script added to a page before the meeting client loads (Playwright's init script) that records,
/// with wall-clock timestamps in milliseconds (<c>performance.timeOrigin + performance.now()</c>, comparable
/// with the test's own clock on the same machine), what a site loss looks like from inside the browser:
/// <list type="bullet">
/// <item>every change of the page's connection state (<c>#connection-state</c>'s <c>data-state</c>);</item>
/// <item>every <c>RTCPeerConnection</c> the client opens (one per media transport), its connection state
/// and signalling state changes (back to <c>stable</c>: an offer of the server's answered);</item>
/// <item>once started, every <c>intervalMs</c>, what the client's own <c>window.meeting.mediaStats()</c> says:
/// the transport in use, the remote address and port of its selected candidate pair, and framesDecoded of
/// each remote peer's video.</item>
/// </list>
/// It only observes (a subclass of <c>RTCPeerConnection</c> that adds listeners, and the read-only test hook)
/// and changes nothing the client does. <c>window.__kitRecorder.export()</c> returns it all as plain JSON;
/// <c>read()</c> takes one sample without recording it.
/// </summary>
internal static class FailoverRecorderScript
{
    public const string Source = """
        (() => {
          if (window.__kitRecorder) {
            return;
          }
          const now = () => performance.timeOrigin + performance.now();
          const connections = [];
          const rec = { states: [], samples: [], timer: 0 };

          const Native = window.RTCPeerConnection;
          if (Native) {
            window.RTCPeerConnection = class extends Native {
              constructor(...args) {
                super(...args);
                const connection = { n: connections.length, createdAt: now(), events: [] };
                connections.push(connection);
                const log = (kind, state) => connection.events.push({ t: now(), kind, state });
                this.addEventListener('connectionstatechange', () => log('connection', this.connectionState));
                this.addEventListener('signalingstatechange', () => log('signaling', this.signalingState));
              }
            };
          }

          const watchState = () => {
            const element = document.getElementById('connection-state');
            if (!element) {
              return;
            }
            const record = () => rec.states.push({ t: now(), state: element.dataset.state ?? '' });
            record();
            new MutationObserver(record).observe(element, { attributes: true, attributeFilter: ['data-state'] });
          };
          if (document.readyState === 'loading') {
            document.addEventListener('DOMContentLoaded', watchState, { once: true });
          } else {
            watchState();
          }

          const read = async () => {
            const stats = window.meeting ? await window.meeting.mediaStats() : {};
            const frames = {};
            for (const [peerId, media] of Object.entries(stats.peers ?? {})) {
              frames[peerId] = media.video?.framesDecoded ?? 0;
            }
            return {
              t: now(),
              transportId: stats.transportId ?? null,
              remoteAddress: stats.candidatePair?.remoteAddress ?? null,
              remotePort: stats.candidatePair?.remotePort ?? null,
              frames,
            };
          };
          const sample = async () => rec.samples.push(await read());

          Object.defineProperty(window, '__kitRecorder', {
            enumerable: false,
            value: Object.freeze({
              read,
              start(intervalMs) {
                if (rec.timer) {
                  return;
                }
                let busy = false;
                rec.timer = setInterval(() => {
                  if (busy) {
                    return;
                  }
                  busy = true;
                  sample().catch(() => {}).finally(() => { busy = false; });
                }, intervalMs);
              },
              stop() {
                clearInterval(rec.timer);
                rec.timer = 0;
              },
              export() {
                return { states: rec.states, connections, samples: rec.samples };
              },
            }),
          });
        })();
        """;
}
