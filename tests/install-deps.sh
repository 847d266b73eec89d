#!/usr/bin/env bash
# Installs what the test suite needs on a Debian machine, only where it is missing:
# the servers the tests run for real (redis, sentinel, caddy, chromium, firefox-esr, promtool), the npm
# packages of the browser client, of the kit's drills (kit.d) and of the end-to-end tests' Node drivers,
# and the NuGet packages.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v redis-server   >/dev/null 2>&1 || need+=(redis-server)
command -v redis-sentinel >/dev/null 2>&1 || need+=(redis-sentinel)
command -v caddy          >/dev/null 2>&1 || need+=(caddy)
command -v promtool       >/dev/null 2>&1 || need+=(prometheus)
[ -x /usr/bin/chromium ]                  || need+=(chromium)
[ -x /usr/bin/firefox-esr ]               || need+=(firefox-esr)
command -v node           >/dev/null 2>&1 || need+=(nodejs npm)

if [ ${#need[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${need[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update
  "${sudo_cmd[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${need[@]}"
fi

echo "==> npm ci (browser client)"
(cd server/Meeting.Server && npm ci --no-audit --no-fund)
echo "==> npm ci (the kit's drills: kit.d)"
(cd kit.d && npm ci --no-audit --no-fund)
echo "==> npm ci (the end-to-end tests' Node drivers: puppeteer-core for Firefox)"
(cd tests/Meeting.EndToEnd.Tests/node && npm ci --no-audit --no-fund)

echo "==> dotnet restore"
dotnet restore Meeting.sln
