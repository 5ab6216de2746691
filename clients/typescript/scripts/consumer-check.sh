#!/usr/bin/env bash
# Installs the client as a new project would — from the packed tarball and
# from the folder — into fresh projects outside the repository, type-checks
# a consumer program (tsc --strict) and runs it, ESM and CommonJS, against a
# live server (the agentbase binary at $1, on SQLite).
set -euo pipefail
package="$(cd "$(dirname "$0")/.." && pwd)"
binary="$(realpath "$1")"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
admin="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
mkdir -p "$work/server"
(cd "$work/server" && AGENTBASE_LISTEN="127.0.0.1:$port" AGENTBASE_ADMIN_LISTEN="127.0.0.1:$admin" exec "$binary" serve) \
  > "$work/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 1 100); do
  if (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
  sleep 0.1
done
export AGENTBASE_URL="http://127.0.0.1:$port"

tarball="$(cd "$package" && npm pack --silent --pack-destination "$work")"
echo "packed $tarball ($(du -h "$work/$tarball" | cut -f1))"
tsc_version="$(node -p "require('$package/package.json').devDependencies.typescript")"
types_version="$(node -p "require('$package/package.json').devDependencies['@types/node']")"

for route in tarball folder; do
  project="$work/consumer-$route"
  mkdir -p "$project"
  cp "$package/consumer/consumer.ts" "$package/consumer/consumer.cjs" "$package/consumer/tsconfig.json" "$project/"
  (
    cd "$project"
    npm init -y > /dev/null
    npm pkg set type=module
    if [ "$route" = tarball ]; then
      npm install --no-audit --no-fund --engine-strict "$work/$tarball" > /dev/null
    else
      npm install --no-audit --no-fund --engine-strict --install-links "$package" > /dev/null
    fi
    npm install --no-audit --no-fund --save-dev "typescript@$tsc_version" "@types/node@$types_version" > /dev/null
    echo "$route: installed $(du -sh node_modules | cut -f1) of node_modules"
    npx tsc -p tsconfig.json
    node dist/consumer.js
    node consumer.cjs
  )
done
