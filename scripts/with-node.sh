#!/usr/bin/env bash
# Runs a command on another Node.js line than the machine's, with native addons rebuilt for it:
#   bash scripts/with-node.sh 24 npm test
#   bash scripts/with-node.sh image npm test     # the line the Dockerfile ships (ARG NODE_VERSION)
# CI uses it to run the suite on the Docker image's runtime as well as the machine's. Node comes from the npm
# registry (the node-linux-<arch> package ships bin/node and the headers node-gyp needs); better-sqlite3 is
# rebuilt against it once and cached in .cache/, and the machine's own build is put back afterwards, so
# `npm test` on the machine's Node works again as soon as this returns.
set -euo pipefail
major=${1:?usage: bash scripts/with-node.sh <major|image> <command...>}
shift
[ $# -gt 0 ] || { echo "usage: bash scripts/with-node.sh <major|image> <command...>" >&2; exit 2; }

root=$(cd "$(dirname "$0")/.." && pwd)
if [ "$major" = image ]; then
  major=$(sed -n 's/^ARG NODE_VERSION=\([0-9]*\).*/\1/p' "$root/Dockerfile")
  [ -n "$major" ] || { echo "with-node: no 'ARG NODE_VERSION=' in the Dockerfile" >&2; exit 1; }
fi
cache="$root/.cache"
pkg="node-linux-$(node -p process.arch)"
prefix="$cache/node-$major"
nodedir="$prefix/node_modules/$pkg"
if [ ! -x "$nodedir/bin/node" ]; then
  echo "with-node: installing $pkg@$major from the npm registry" >&2
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --ignore-scripts --no-audit --no-fund "$pkg@$major" >&2
fi

addon="$root/node_modules/better-sqlite3/build/Release/better_sqlite3.node"
[ -f "$addon" ] || { echo "with-node: run npm ci first ($addon is missing)" >&2; exit 1; }
machine_abi=$(node -p process.versions.modules)
target_abi=$("$nodedir/bin/node" -p process.versions.modules)
machine_copy="$cache/better_sqlite3.abi$machine_abi.node"
target_copy="$cache/better_sqlite3.abi$target_abi.node"

if [ "$machine_abi" != "$target_abi" ]; then
  cp "$addon" "$machine_copy"
  # Whatever happens to the command, leave the machine's build in place.
  trap 'mkdir -p "$(dirname "$addon")" && cp "$machine_copy" "$addon"' EXIT
  if [ -f "$target_copy" ]; then
    cp "$target_copy" "$addon"
  else
    echo "with-node: building better-sqlite3 for Node $("$nodedir/bin/node" --version)" >&2
    (cd "$root" && PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" npm rebuild better-sqlite3 >&2)
    cp "$addon" "$target_copy"
  fi
fi

echo "with-node: running on Node $("$nodedir/bin/node" --version): $*" >&2
PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir" "$@"
