#!/usr/bin/env bash
# Installs the client as a new project would — from the packed tarball and
# from the folder — into fresh projects outside the repository, type-checks
# a consumer program (tsc --strict) and runs it, ESM and CommonJS, against
# the server at $AGENTBASE_URL (.ci/consumers starts one).
set -euo pipefail
package="$(cd "$(dirname "$0")/.." && pwd)"
: "${AGENTBASE_URL:?the server to run the consumer against}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

tarball="$(cd "$package" && npm pack --silent --pack-destination "$work")"
echo "packed $tarball ($(du -h "$work/$tarball" | cut -f1))"
tar tzf "$work/$tarball" > "$work/contents"
for shipped in package/README.md package/LICENSE package/dist/src/index.js package/dist/src/index.d.ts; do
  grep -qx "$shipped" "$work/contents" || { echo "the tarball lacks $shipped" >&2; exit 1; }
done
if node -e "process.exit(require('$package/package.json').private ? 0 : 1)"; then
  echo "package.json is private" >&2
  exit 1
fi
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
