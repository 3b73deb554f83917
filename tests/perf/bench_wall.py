"""Camera wall: 16 tiles of 640×360 @ 25 fps from local HTTP-TS streams.

`python -m tests.perf wall [--seconds 15] [--minutes 10]` (QT_QPA_PLATFORM=offscreen; `make bench ARGS=wall`).
In one run: CPU of the same 16 streams decoded by libvlc alone (video callbacks into buffers, no
painting), then CPU of the console's wall showing them; painted fps per tile; layout switch
time; first-picture time of a new stream; RSS over `--minutes` of tours (3 s dwell).
The media server runs in its own process, so its CPU is not counted.
Aim: wall CPU <= 1.3 x bare decode, every tile >= 24 fps, switch <= 300 ms, first picture <= 1 s,
no RSS growth.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TILES = 16
CAMERAS = 40


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024.0
    return 0.0


def cpu_percent(run, seconds: float) -> float:
    """Process CPU (all threads) while `run(seconds)` runs, in % of one core."""
    c0, t0 = time.process_time(), time.monotonic()
    run(seconds)
    return 100.0 * (time.process_time() - c0) / (time.monotonic() - t0)


def start_media(clips: list[Path]) -> tuple[subprocess.Popen, str]:
    port_file = Path(tempfile.mkdtemp(prefix="gridline-bench-")) / "port"
    cmd = [sys.executable, "-m", "backend.media_server", "--cameras", str(CAMERAS), "--port-file", str(port_file)]
    for c in clips:
        cmd += ["--clip", str(c)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL)
    for _ in range(100):
        if port_file.exists() and port_file.read_text().strip():
            return proc, f"http://127.0.0.1:{port_file.read_text().strip()}"
        time.sleep(0.05)
    proc.kill()
    raise RuntimeError("media server did not start")


def bare_decode(base: str, seconds: float) -> tuple[float, float]:
    """16 libvlc players with video callbacks and nothing else: the floor the wall is compared with."""
    from widgets import video_vlc
    engines = [video_vlc.VlcEngine() for _ in range(TILES)]
    for k, e in enumerate(engines):
        e.open(f"{base}/CAM-{k:03d}/sub.ts", 1)
    time.sleep(2.0)  # past the first pictures
    d0 = [e.decoded for e in engines]
    cpu = cpu_percent(time.sleep, seconds)
    fps = min((e.decoded - d) / seconds for e, d in zip(engines, d0))
    for e in engines:
        e.close()
    time.sleep(1.0)
    return cpu, fps


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="bench_wall")
    p.add_argument("--seconds", type=float, default=15.0, help="length of each CPU measurement")
    p.add_argument("--minutes", type=float, default=10.0, help="length of the tour run for RSS")
    a = p.parse_args(argv)

    from PySide6.QtWidgets import QApplication
    app = QApplication.instance() or QApplication([])

    from console.player import State
    from console.store import Store
    from tests.widgets.conftest import small_state
    from tests.widgets.test_camera_support import camera, test_clips
    from widgets.camera_wall import CameraWallPanel
    from widgets.theme import apply_theme
    apply_theme(app)

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.002)

    clips = test_clips(4, seconds=10)
    media, base = start_media(clips)
    failures = []
    try:
        bare_cpu, bare_fps = bare_decode(base, a.seconds)
        print(f"bare libvlc decode, {TILES} x 640x360@25: CPU {bare_cpu:.0f} % of a core, slowest {bare_fps:.1f} fps")

        state = small_state()
        state["alarm"] = []
        state["camera"] = [camera(k, base) for k in range(CAMERAS)]
        store = Store()
        store.load(1, state)
        panel = CameraWallPanel(store, None, None, presets_path=Path(tempfile.mkdtemp()) / "p.json", layout_key="16")
        panel.resize(1920, 1080)
        panel.show()
        for k in range(TILES):
            panel.wall.assign(k, f"CAM-{k:03d}")
        tiles = panel.grid.tiles[:TILES]
        deadline = time.monotonic() + 15
        while not all(t.state is State.LIVE for t in tiles) and time.monotonic() < deadline:
            pump(0.05)
        pump(2.0)
        painted0 = [t.painted for t in tiles]
        wall_cpu = cpu_percent(pump, a.seconds)
        fps = [(t.painted - p0) / a.seconds for t, p0 in zip(tiles, painted0)]
        ratio = wall_cpu / bare_cpu if bare_cpu else float("inf")
        print(f"console wall, {TILES} tiles painted: CPU {wall_cpu:.0f} % of a core = {ratio:.2f} x bare decode "
              f"(aim <= 1.30)")
        print(f"painted fps per tile: min {min(fps):.1f}, median {statistics.median(fps):.1f}, max {max(fps):.1f} "
              f"(aim >= 24)")
        if ratio > 1.3:
            failures.append("cpu")
        if min(fps) < 24:
            failures.append("fps")

        switch = []
        for key in ("9", "4", "1", "6", "25", "16", "36", "16"):
            t0 = time.perf_counter()
            panel.set_layout(key)
            app.processEvents()  # layout and the first paint of the new tiles
            switch.append((key, (time.perf_counter() - t0) * 1000.0))
            pump(0.5)
        worst = max(ms for _, ms in switch)
        print("layout switch ms: " + ", ".join(f"{k}:{ms:.0f}" for k, ms in switch) + f" (worst {worst:.0f}, aim <= 300)")
        if worst > 300:
            failures.append("switch")

        for k in range(TILES):
            panel.wall.assign(k, f"CAM-{k:03d}")
        pump(3.0)
        first = []
        for n in range(6):
            cid = f"CAM-{TILES + n:03d}"
            t0 = time.monotonic()
            panel.wall.assign(n, cid)
            tile = panel.grid.tiles[n]
            while not (tile.state is State.LIVE and tile.camera_id == cid) and time.monotonic() - t0 < 5:
                app.processEvents()
                time.sleep(0.001)
            first.append(time.monotonic() - t0)
            pump(0.5)
        print(f"first picture of a new stream (15 others playing): median {statistics.median(first) * 1000:.0f} ms, "
              f"max {max(first) * 1000:.0f} ms (aim <= 1000)")
        if max(first) > 1.0:
            failures.append("first-frame")

        pages = [0]
        panel.wall.sig_tour.connect(lambda: pages.__setitem__(0, pages[0] + 1))
        panel.start_tour([f"CAM-{k:03d}" for k in range(CAMERAS)], 3)
        samples = []
        t_end = time.monotonic() + a.minutes * 60
        next_sample = time.monotonic() + 30
        pump(5)
        samples.append(rss_mb())
        while time.monotonic() < t_end:
            pump(min(5.0, max(0.0, t_end - time.monotonic())))
            if time.monotonic() >= next_sample:
                samples.append(rss_mb())
                next_sample += 30
        samples.append(rss_mb())
        half = samples[len(samples) // 2]
        growth = samples[-1] - half
        print(f"RSS over {a.minutes:g} min of tours (dwell 3 s, {CAMERAS} cameras on {TILES} tiles): "
              f"start {samples[0]:.0f} MB, middle {half:.0f} MB, end {samples[-1]:.0f} MB, "
              f"growth over the second half {growth:+.1f} MB; tour pages shown {pages[0]}")
        if a.minutes >= 2 and growth > 20:
            failures.append("rss")
        panel.grid.set_active(False)
        panel.close()
    finally:
        media.terminate()
        media.wait(10)
    print("result: " + ("all aims met" if not failures else "missed: " + ", ".join(failures)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
