'use strict';
// One person at the meeting page in Debian's Firefox ESR, driven by puppeteer-core over WebDriver BiDi,
// for the end-to-end tests: a second browser engine against the same server and the same page code.
//
//   node firefox-page.js <firefoxPath> <baseUrl> <room> <displayName>
//
// Firefox runs headless with a fresh temporary profile (removed on quit), a fake camera and microphone,
// no permission prompt and loopback ICE candidates allowed. The script prints one JSON object a line:
//   {"event":"launched","pid":N}            Firefox's process id, so the test can end it if this script dies
//   {"event":"joined","peerId":"..."}        after pressing Join, once the meeting view shows the room
//   {"event":"stats","stats":{...}}          the page's window.meeting.mediaStats() (media-stats.js)
//   {"event":"error","message":"..."}        a command failed; a failed start exits with code 1
// Commands on stdin: {"command":"stats"} and {"command":"quit"} (closes Firefox, then exits).
// The page's console errors and warnings go to stderr.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const readline = require('node:readline');
const puppeteer = require('puppeteer-core');

const STEP_TIMEOUT_MS = 20_000;
const LAUNCH_TIMEOUT_MS = 60_000;
// A test never needs Firefox longer; if its runner dies without closing stdin, Firefox still goes.
const LIFETIME_MS = 10 * 60_000;

const FIREFOX_PREFS = {
  // A synthetic camera and microphone instead of devices, and no prompt asking for them.
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // Granted camera and microphone: without a permission Firefox gathers ICE candidates on its default
  // route's address only ("use only default local addresses" in MOZ_LOG=nicer:5), never on loopback,
  // and the bypass above does not count as one.
  'permissions.default.camera': 1,
  'permissions.default.microphone': 1,
  // Without it Firefox drops loopback candidates, and the test server announces 127.0.0.1.
  'media.peerconnection.ice.loopback': true,
  // Remote tiles play with sound, as a person who pressed Join would hear them.
  'media.autoplay.default': 0,
  // Nothing reaches out of this closed network on its own.
  'app.update.enabled': false,
  'browser.shell.checkDefaultBrowser': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'media.gmp-manager.updateEnabled': false,
};

function emit(event) {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

async function openMeeting(browser, baseUrl, room, displayName) {
  const page = await browser.newPage();
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  page.on('console', message => {
    if (message.type() === 'error' || message.type() === 'warn') {
      process.stderr.write(`console.${message.type()}: ${message.text()}\n`);
    }
  });
  page.on('pageerror', error => process.stderr.write(`page error: ${error}\n`));

  await page.goto(new URL(`/?room=${encodeURIComponent(room)}`, baseUrl).href);
  await page.waitForFunction(expected => document.querySelector('#room-input')?.value === expected, {}, room);
  await page.locator('#name-input').fill(displayName);
  await page.locator('#join-button').click();
  await page.waitForFunction(
    expected => {
      const view = document.querySelector('#meeting-view');
      return view && !view.hidden && document.querySelector('#room-label')?.textContent === expected;
    },
    {},
    room,
  );
  return page;
}

async function main() {
  const [firefoxPath, baseUrl, room, displayName] = process.argv.slice(2);
  if (!firefoxPath || !baseUrl || !room || !displayName) {
    throw new Error('usage: node firefox-page.js <firefoxPath> <baseUrl> <room> <displayName>');
  }

  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'meeting-firefox-'));
  let browser;
  const lifetime = setTimeout(() => {
    emit({ event: 'error', message: `gave up after ${LIFETIME_MS} ms` });
    browser?.process()?.kill('SIGKILL');
    fs.rmSync(profile, { recursive: true, force: true });
    process.exit(2);
  }, LIFETIME_MS);
  lifetime.unref();
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath: firefoxPath,
      headless: true,
      userDataDir: profile,
      extraPrefsFirefox: FIREFOX_PREFS,
      timeout: LAUNCH_TIMEOUT_MS,
      protocolTimeout: STEP_TIMEOUT_MS,
    });
    emit({ event: 'launched', pid: browser.process()?.pid ?? null });

    const page = await openMeeting(browser, baseUrl, room, displayName);
    emit({ event: 'joined', peerId: await page.evaluate(() => window.meeting.peerId) });

    for await (const line of readline.createInterface({ input: process.stdin })) {
      if (!line.trim()) {
        continue;
      }
      const { command } = JSON.parse(line);
      if (command === 'quit') {
        break;
      }
      try {
        if (command === 'stats') {
          // As a JSON string, so what the test parses is exactly what the page reported.
          const stats = await page.evaluate(async () => JSON.stringify(await window.meeting.mediaStats()));
          emit({ event: 'stats', stats: JSON.parse(stats) });
        } else {
          throw new Error(`unknown command ${JSON.stringify(command)}`);
        }
      } catch (error) {
        emit({ event: 'error', message: error.message });
      }
    }
  } finally {
    await browser?.close().catch(error => process.stderr.write(`closing Firefox failed: ${error.message}\n`));
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  error => {
    emit({ event: 'error', message: String(error?.stack ?? error) });
    process.exit(1);
  },
);
