#!/usr/bin/env bash
# npm run test:e2e — the packed package inside a real n8n 2.41.0 (CLI, server and editor).
# Extra arguments go to jest (CI passes --json --outputFile=...).
set -euo pipefail
cd "$(dirname "$0")/../.."

cache="$(bash scripts/ensure-n8n.sh | tail -n 1)"

# The editor test drives Debian's Chromium; a new machine may not have it yet.
if [ ! -x /usr/bin/chromium ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "test:e2e: installing chromium (Debian package)" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) >&2
fi

npm run build --silent >/dev/null
rm -rf .build/pack && mkdir -p .build/pack
npm pack --silent --pack-destination .build/pack >/dev/null
tarball="$(ls "$PWD"/.build/pack/n8n-nodes-kaizala-*.tgz)"

export KAIZALA_N8N_CACHE="$cache"
export KAIZALA_TARBALL="$tarball"
exec npx jest -c test/e2e/jest.config.js "$@"
