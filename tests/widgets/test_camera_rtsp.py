"""The QtMultimedia path on a real RTSP stream from a local gst-rtsp-server (Debian's VLC has no RTSP).

The server runs under the system Python (python3-gi, gir1.2-gst-rtsp-server-1.0: scripts/setup.sh)
in its own process; the test is skipped, saying why, only where those packages are missing.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time

import pytest

from console.player import State
from console.store import Store
from tests.widgets.conftest import small_state

SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin:/bin") or "/usr/bin/python3"
SERVER = r"""
import sys, gi
gi.require_version("Gst", "1.0"); gi.require_version("GstRtspServer", "1.0")
from gi.repository import Gst, GstRtspServer, GLib
Gst.init(None)
server = GstRtspServer.RTSPServer(); server.set_service(sys.argv[1])
factory = GstRtspServer.RTSPMediaFactory()
factory.set_launch("( videotestsrc is-live=true pattern=ball ! video/x-raw,format=I420,width=320,height=180,"
                   "framerate=25/1 ! openh264enc gop-size=25 ! h264parse ! rtph264pay name=pay0 pt=96 config-interval=1 )")
factory.set_shared(True)
server.get_mount_points().add_factory("/cam", factory)
server.attach(None)
print("ready", flush=True)
GLib.MainLoop().run()
"""


def rtsp_server_missing() -> str | None:
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import gi; gi.require_version('GstRtspServer', '1.0'); "
                            "from gi.repository import Gst, GstRtspServer; Gst.init(None); "
                            "assert Gst.ElementFactory.find('openh264enc') and Gst.ElementFactory.find('rtph264pay')"],
                           capture_output=True, text=True, timeout=30)
    return None if probe.returncode == 0 else probe.stderr.strip().splitlines()[-1:] or ["unknown"]


@pytest.fixture
def rtsp_url():
    missing = rtsp_server_missing()
    if missing:
        pytest.skip(f"no local RTSP server: install python3-gi gir1.2-gst-rtsp-server-1.0 "
                    f"gstreamer1.0-plugins-bad (scripts/setup.sh): {missing}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([SYSTEM_PYTHON, "-c", SERVER, str(port)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        yield f"rtsp://127.0.0.1:{port}/cam"
    finally:
        proc.terminate()
        proc.wait(10)


def test_rtsp_camera_plays_through_qtmultimedia(qtbot, themed, rtsp_url, tmp_path):
    from widgets.camera_wall import CameraWallPanel
    state = small_state()
    state["alarm"] = []
    state["camera"] = [{"id": "CAM-R", "version": 1, "name": "RTSP 球机", "region_id": "G1",
                        "location": {"lat": 37.05, "lon": 117.05}, "online": True, "ai": False, "kind": "dome",
                        "urls": [{"role": "main", "protocol": "rtsp", "url": rtsp_url}]}]
    store = Store()
    store.load(1, state)
    panel = CameraWallPanel(store, None, None, presets_path=tmp_path / "p.json", layout_key="4")
    qtbot.addWidget(panel)
    panel.resize(900, 600)
    panel.show()
    t0 = time.monotonic()
    panel.show_camera("CAM-R")
    tile = panel.grid.tiles[0]
    assert tile.stream.source.engine == "qt" or "rtsp" in panel.grid.tiles[0].stream.capabilities["vlc"]
    qtbot.waitUntil(lambda: tile.state is State.LIVE and tile.painted > 5, timeout=15_000)
    assert tile.stream.engine_name == "qt"
    image = tile.engines["qt"].image()
    assert image is not None and image.width() == 320
    print(f"RTSP first picture after {time.monotonic() - t0:.2f} s")
