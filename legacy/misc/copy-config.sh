#!/bin/sh
# usage: misc/copy-config.sh dev|test|production|aws
# copies the chosen config to config.js (git-ignored), as the README says
set -e
cd "$(dirname "$0")/.."
ENV_NAME=${1:-dev}
if [ ! -f "misc/config-$ENV_NAME.js" ]; then
  echo "no such config: misc/config-$ENV_NAME.js" >&2
  exit 1
fi
cp "misc/config-$ENV_NAME.js" config.js
echo "config.js <- misc/config-$ENV_NAME.js"
