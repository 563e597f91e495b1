#!/bin/sh
# Debian's Chromium for WebUiBrowserTest, installed by the build when it is missing: test tools
# cannot download their own browser here, and CI runs the build as root on a fresh Debian machine.
set -eu
CHROMIUM=/usr/bin/chromium
if [ -x "$CHROMIUM" ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "WebUiBrowserTest needs Debian's Chromium at $CHROMIUM; as root: apt-get install -y --no-install-recommends chromium (or build with -DskipTests)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends chromium
