#!/usr/bin/env bash
# Regenerates the README's screenshots: runs the browser test (headless Chromium and chromedriver, as in .ci/run),
# which saves every state it checks in target/screenshots/, and copies the chosen ones here under stable names.
# Extra arguments go to Maven, e.g. -o to stay offline.
set -euo pipefail
cd "$(dirname "$0")/../.."

rm -rf target/screenshots
./mvnw -B verify -Dtest=JiraPagesBrowserTest -Dsurefire.failIfNoSpecifiedTests=false "$@"

# test screenshot name -> README image name
shots=(
  "1-admin-repositories:admin-integration-repositories"
  "4-panel-branch-form:issue-panel-branch-form"
  "2-panel-setup-required:issue-panel-setup-required"
  "3-settings-valid:user-settings-token"
)
for shot in "${shots[@]}"; do
  cp "target/screenshots/${shot%%:*}.png" "docs/images/${shot##*:}.png"
  echo "docs/images/${shot##*:}.png"
done
