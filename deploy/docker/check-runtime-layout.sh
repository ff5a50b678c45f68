#!/usr/bin/env bash
# Rebuild the runtime image's file layout without a Docker engine, the way the Dockerfile does it
# (runtime files per package "files", `npm ci --omit=dev -w @newsflow/cli`), then run the CLI from
# it. Catches a package that forgot a runtime file in "files" or a dependency declared as dev-only.
#   bash deploy/docker/check-runtime-layout.sh [workdir]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="${1:-$(mktemp -d /tmp/newsflow-image-XXXXXX)}"
mkdir -p "$work/app"
cd "$root"
npx tsc -b
node deploy/docker/collect-runtime.mjs . "$work/app" >/dev/null
cp package.json package-lock.json "$work/app/"
cp -r examples "$work/app/"
# testing is not shipped, but npm needs every workspace's manifest to resolve the lock.
mkdir -p "$work/app/packages/testing" && cp packages/testing/package.json "$work/app/packages/testing/"
(cd "$work/app" && npm ci --omit=dev --no-audit --no-fund -w @newsflow/cli --loglevel=error)
cd "$work/app"
node packages/cli/dist/main.js --help >/dev/null
echo "runtime layout OK in $work/app ($(du -sh . | cut -f1)); node_modules: $(du -sh node_modules | cut -f1)"
