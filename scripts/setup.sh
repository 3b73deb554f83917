#!/usr/bin/env bash
# Installs what Gridline needs on a Debian machine: system libraries (when missing), then .venv.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBS=(xvfb xauth libxcb-cursor0 libxcb-keysyms1 libxcb-icccm4 libxcb-image0 libxcb-render-util0
      libxcb-xinerama0 libxcb-xkb1 libxkbcommon-x11-0 libxkbcommon0 libegl1 libgl1 libopengl0
      libglib2.0-0 libfontconfig1 libdbus-1-3 libpulse0 libnss3 libxcomposite1 libxdamage1
      libxrandr2 libxtst6 libxshmfence1 libasound2 libgbm1 libxkbfile1
      libvlc5 vlc-plugin-base vlc-plugin-video-output ffmpeg fonts-noto-cjk poppler-utils
      python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good
      gstreamer1.0-plugins-bad)  # the last line: a local RTSP server for the camera wall tests
missing=()
for p in "${DEBS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PY=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
echo "setup: ready"
