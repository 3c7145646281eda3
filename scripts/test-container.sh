#!/usr/bin/env bash
# `npm run test:container`: builds and runs the image with the team's container smoke
# (shared/tools/container-smoke.sh: production mode, API key, example query, SIGTERM drain,
# non-root, HEALTHCHECK), then checks what the smoke does not: the application files in the
# image belong to root and the process user cannot change them.
#   env: CONTAINER_SMOKE=/path/to/container-smoke.sh (else found in a shared/tools/ above the checkout)
set -u
top=$(git rev-parse --show-toplevel) || exit 2
smoke=${CONTAINER_SMOKE:-}
if [ -z "$smoke" ]; then
  # Worktrees live at different depths (/work/main, /work/wt/<issue>): look upwards.
  dir=$top
  while [ "$dir" != / ]; do
    dir=$(dirname "$dir")
    [ -x "$dir/shared/tools/container-smoke.sh" ] && smoke="$dir/shared/tools/container-smoke.sh" && break
  done
fi
[ -n "$smoke" ] && [ -f "$smoke" ] || {
  echo "test:container: container-smoke.sh not found above $top (set CONTAINER_SMOKE)"
  exit 2
}
bash "$smoke" "$@" || exit $?

pm=(podman); command -v runc >/dev/null && pm=(podman --runtime runc)
# As the image's own user: every file under /app is root's, and none can be written or added.
out=$("${pm[@]}" run --rm --network none fashionai-gateway:smoke sh -c '
  cd /app || exit 1
  echo "owners: $(find . -not -user root | wc -l) not root"
  for f in src/main.ts package.json node_modules/graphql/package.json; do
    if [ -w "$f" ]; then echo "writable: $f"; fi
  done
  if touch src/new-file 2>/dev/null; then echo "writable: src/"; fi
  echo "user: $(id -u)"' 2>&1)
uid=$(sed -n 's/^user: //p' <<<"$out")
# The uid line comes last: without it the checks above did not all run.
if grep -q '^owners: 0 not root$' <<<"$out" && ! grep -q '^writable' <<<"$out" \
  && [ -n "$uid" ] && [ "$uid" != 0 ]; then
  printf '%-28s %s\n' "read-only application" "all of /app owned by root, not writable by uid $uid"
  echo "test:container: PASS"
else
  printf '%-28s %s\n' "read-only application" "FAILED: $(tr '\n' ' ' <<<"$out")"
  echo "test:container: FAIL"
  exit 1
fi
