// kit probe: one Nagios-style line from a /health answer on stdin. Called by ./kit as
// node kit.d/probe.js URL HTTP_CODE CURL_ERROR <body; exits 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
const fs = require('node:fs');
const [url, code, curlError] = process.argv.slice(2);
const http = Number(code);
const exitCodes = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };
function done(state, text, perf) {
  console.log(`MEETING ${state} - ${text}${perf ? ` | ${perf}` : ''}`);
  process.exit(exitCodes[state]);
}
if (!http) done('CRITICAL', `${url} unreachable: ${curlError || 'no answer'}`);
let health = null;
try { health = JSON.parse(fs.readFileSync(0, 'utf8')); } catch { health = null; }
if (!health || typeof health.status !== 'string') {
  if (http >= 500) done('CRITICAL', `${url} answered HTTP ${http} without a health report`);
  done('UNKNOWN', `${url} answered HTTP ${http}, which is not a Meeting health report`);
}
if (typeof health.checks !== 'object') {
  // What a server tells requests that came through a proxy: the status, no detail.
  const only = `${health.status} (status only: through a proxy; probe the site's own address for detail)`;
  if (http === 503 || health.status === 'unhealthy') done('CRITICAL', `${only}, HTTP ${http}`);
  if (health.status === 'degraded') done('WARNING', only);
  if (health.status !== 'healthy' || http !== 200) done('UNKNOWN', `${only}, HTTP ${http}`);
  done('OK', only);
}
const site = health.site ?? '?';
const redis = health.checks.redis?.data;
const facts = [];
const perf = [];
if (typeof health.uptimeSeconds === 'number') perf.push(`uptime=${health.uptimeSeconds}s`);
if (redis) {
  facts.push(`redis master ${redis.master}`);
  if (typeof redis.sentinelsConfigured === 'number') {
    facts.push(`sentinels ${redis.sentinelsReachable}/${redis.sentinelsConfigured}`);
    perf.push(`sentinels=${redis.sentinelsReachable};;;0;${redis.sentinelsConfigured}`);
  }
  if (typeof redis.reconnects === 'number') perf.push(`redis_reconnects=${redis.reconnects}c`);
} else {
  facts.push('no shared state (single node)');
}
if (health.publicIp) facts.push(`announces ${health.publicIp}`);
const failing = Object.entries(health.checks)
  .filter(([, check]) => check.status !== 'healthy')
  .map(([name, check]) => `${name}: ${check.description ?? check.status}`);
const summary = `${site} ${health.status}`;
if (http === 503 || health.status === 'unhealthy') done('CRITICAL', `${summary} (HTTP ${http}): ${failing.join('; ') || 'no detail'}`, perf.join(' '));
if (health.status === 'degraded') done('WARNING', `${summary}: ${failing.join('; ')}`, perf.join(' '));
if (health.status !== 'healthy' || http !== 200) done('UNKNOWN', `${summary} with HTTP ${http}`, perf.join(' '));
if (redis && redis.sentinelsReachable < redis.sentinelsConfigured) {
  done('WARNING', `${summary}, but only ${redis.sentinelsReachable} of ${redis.sentinelsConfigured} sentinels answer; ${facts.join(', ')}`, perf.join(' '));
}
done('OK', `${summary}; ${facts.join(', ')}`, perf.join(' '));
