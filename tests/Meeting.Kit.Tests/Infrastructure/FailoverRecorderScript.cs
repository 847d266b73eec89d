namespace Meeting.Kit.Tests.Infrastructure;

/// <summary>
/// A script added to a page before the meeting client loads (Playwright's init script) that records,
/// with wall-clock timestamps in milliseconds (<c>performance.timeOrigin + performance.now()</c>, comparable
/// with the test's own clock on the same machine), what a site loss looks like from inside the browser:
/// <list type="bullet">
/// <item>every change of the page's connection state (<c>#connection-state</c>'s <c>data-state</c>);</item>
/// <item>every <c>RTCPeerConnection</c> the client opens, its signalling, ICE and connection state changes
/// and the ids of the remote streams it receives (the sender's local stream id, carried in the SDP's msid);</item>
/// <item>the ids of the local streams <c>getUserMedia</c> returned;</item>
/// <item>once started, every <c>intervalMs</c>: framesDecoded of each open connection's inbound video.</item>
/// </list>
/// It only observes the browser's own APIs (a subclass of <c>RTCPeerConnection</c> that adds listeners) and
/// changes nothing the client does. <c>window.__kitRecorder.export()</c> returns it all as plain JSON.
/// </summary>
internal static class FailoverRecorderScript
{
    public const string Source = """
        (() => {
          if (window.__kitRecorder) {
            return;
          }
          const now = () => performance.timeOrigin + performance.now();
          const links = [];
          const rec = { states: [], localStreamIds: [], samples: [], timer: 0 };

          const devices = navigator.mediaDevices;
          if (devices && devices.getUserMedia) {
            const getUserMedia = devices.getUserMedia.bind(devices);
            devices.getUserMedia = async constraints => {
              const stream = await getUserMedia(constraints);
              rec.localStreamIds.push(stream.id);
              return stream;
            };
          }

          const Native = window.RTCPeerConnection;
          if (Native) {
            window.RTCPeerConnection = class extends Native {
              constructor(...args) {
                super(...args);
                const link = { n: links.length, createdAt: now(), remoteStreamIds: [], events: [], pc: this };
                links.push(link);
                const log = (kind, state) => link.events.push({ t: now(), kind, state });
                this.addEventListener('signalingstatechange', () => log('signaling', this.signalingState));
                this.addEventListener('iceconnectionstatechange', () => log('ice', this.iceConnectionState));
                this.addEventListener('connectionstatechange', () => log('connection', this.connectionState));
                this.addEventListener('track', event => {
                  for (const stream of event.streams) {
                    if (!link.remoteStreamIds.includes(stream.id)) {
                      link.remoteStreamIds.push(stream.id);
                    }
                  }
                });
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

          const sample = async () => {
            const t = now();
            const open = links.filter(link => link.pc.signalingState !== 'closed');
            const frames = {};
            await Promise.all(open.map(async link => {
              let decoded = 0;
              (await link.pc.getStats()).forEach(entry => {
                if (entry.type === 'inbound-rtp' && entry.kind === 'video') {
                  decoded += entry.framesDecoded ?? 0;
                }
              });
              frames[link.n] = decoded;
            }));
            rec.samples.push({ t, frames });
          };

          Object.defineProperty(window, '__kitRecorder', {
            enumerable: false,
            value: Object.freeze({
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
                return {
                  states: rec.states,
                  localStreamIds: rec.localStreamIds,
                  samples: rec.samples,
                  links: links.map(({ n, createdAt, remoteStreamIds, events }) => ({ n, createdAt, remoteStreamIds, events })),
                };
              },
            }),
          });
        })();
        """;
}
