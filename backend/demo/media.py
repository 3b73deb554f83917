"""Camera-like demo clips, made by ffmpeg from synthetic sources: nothing is downloaded.

Each camera gets its own scene (sky colour, buildings, a road with traffic moving at its own pace,
grain), its name in Chinese (Noto CJK) and a running clock burned in, so two tiles never look
alike. Clips are short MPEG-TS loops with a keyframe every half second (a new viewer sees a picture
at once), made lazily into a cache directory: the first request of a camera queues its clip, and
the media server answers "not ready" until the file exists.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

log = logging.getLogger(__name__)

CLIP_VERSION = 2  # bump when the look changes: old cached clips are then ignored
CLIP_SECONDS = 10
FPS = 25
SIZES = {"sub": (640, 360), "main": (960, 540)}  # main is smaller than 720p: clips are made on a busy laptop
BITRATES = {"sub": "450k", "main": "900k"}
FONT_FAMILY = "Noto Sans CJK SC"
CLOCK_EPOCH = 1763884800  # 2025-11-23 08:00:00 UTC: the burned-in clock starts at 08:00:00 each loop


def default_cache_dir() -> Path:
    """$GRIDLINE_MEDIA_CACHE, else the user cache dir: clips never go into the repository."""
    env = os.environ.get("GRIDLINE_MEDIA_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "gridline" / "demo-media"


def ffmpeg_available() -> bool:
    return shutil.which("ffmpeg") is not None


@dataclass(frozen=True)
class Scene:
    """What makes one camera's picture its own, derived from its id."""

    sky: str
    ground: str
    car: str
    car_speed: int  # pixels per second at sub size
    walker_speed: int
    building_x: tuple[int, ...]


def scene_for(camera_id: str) -> Scene:
    h = hashlib.sha256(camera_id.encode()).digest()
    skies = ("0x2a3b4c", "0x3b2f45", "0x24413a", "0x4a3a28", "0x22304f", "0x3d4650", "0x402a2a", "0x2c4646")
    grounds = ("0x4a4a4a", "0x3f4a3a", "0x55504a", "0x3a3f4d")
    cars = ("0xd04020", "0x20a0d0", "0xe0c030", "0xf0f0f0", "0x30c060", "0xa040c0")
    return Scene(sky=skies[h[0] % len(skies)], ground=grounds[h[1] % len(grounds)], car=cars[h[2] % len(cars)],
                 car_speed=40 + h[3] % 90, walker_speed=12 + h[4] % 25,
                 building_x=tuple(20 + (h[5 + i] % 5) * 110 + i * 8 for i in range(1 + h[9] % 3)))


def clip_command(out: Path, name: str, camera_id: str, role: str, seconds: float, workdir: Path) -> list[str]:
    """The ffmpeg command line of one clip (text goes through files: no filter-escaping of names)."""
    w, h = SIZES[role]
    k = w / 640.0  # every drawing is laid out at sub size and scaled
    sc = scene_for(camera_id)
    (workdir / "name.txt").write_text(name, encoding="utf-8")
    (workdir / "id.txt").write_text(camera_id, encoding="utf-8")
    (workdir / "clock.txt").write_text(f"%{{pts:gmtime:{CLOCK_EPOCH}:%H\\:%M\\:%S}}", encoding="utf-8")
    road_y = int(230 * k)
    boxes = [f"drawbox=x=0:y={road_y}:w=iw:h={int(70 * k)}:color={sc.ground}:t=fill",
             f"drawbox=x=0:y={road_y + int(33 * k)}:w=iw:h={max(2, int(3 * k))}:color=0xd8d8d8:t=fill"]
    for i, bx in enumerate(sc.building_x):
        bh = int((110 + 25 * i) * k)
        boxes.append(f"drawbox=x={int(bx * k)}:y={road_y - bh}:w={int(90 * k)}:h={bh}:color=0x5a6470@0.8:t=fill")
    # Motion repeats exactly once per loop, so the seam of the loop is invisible.
    car_x = f"mod(t*{round(sc.car_speed * k)}\\,W+w)-w"
    walker_x = f"W-mod(t*{round(sc.walker_speed * k)}\\,W+w)"
    font = f"font='{FONT_FAMILY}'"
    graph = (f"[0]{','.join(boxes)},noise=alls=5:allf=t[bg];"
             f"[bg][1]overlay=x='{car_x}':y={road_y + int(6 * k)}[a];"
             f"[a][2]overlay=x='{walker_x}':y={road_y + int(40 * k)}[b];"
             f"[b]drawtext={font}:textfile=name.txt:fontsize={int(28 * k)}:fontcolor=white:box=1:"
             f"boxcolor=black@0.55:boxborderw={int(6 * k)}:x={int(14 * k)}:y={int(72 * k)},"
             f"drawtext={font}:textfile=id.txt:fontsize={int(18 * k)}:fontcolor=0xffd060:x={int(14 * k)}:"
             f"y={int(118 * k)},"
             f"drawtext={font}:textfile=clock.txt:expansion=normal:fontsize={int(22 * k)}:fontcolor=white:"
             f"box=1:boxcolor=black@0.45:x=w-tw-{int(12 * k)}:y=h-th-{int(10 * k)}[v]")
    return ["ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin", "-y",
            "-f", "lavfi", "-i", f"color=c={sc.sky}:s={w}x{h}:r={FPS},format=yuv420p",
            "-f", "lavfi", "-i", f"color=c={sc.car}:s={int(50 * k)}x{int(26 * k)}:r={FPS}",
            "-f", "lavfi", "-i", f"color=c=0x202020:s={int(10 * k)}x{int(26 * k)}:r={FPS}",
            "-filter_complex", graph, "-map", "[v]", "-t", f"{seconds:g}",
            "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "baseline",
            "-g", str(FPS // 2), "-sc_threshold", "0", "-b:v", BITRATES[role], "-maxrate", BITRATES[role],
            "-bufsize", BITRATES[role], "-pix_fmt", "yuv420p", "-f", "mpegts", str(out)]


def make_clip(out: Path, name: str, camera_id: str, role: str = "sub", seconds: float = CLIP_SECONDS) -> Path:
    """Make one clip into `out` (atomically: a half-written clip is never served). Raises on failure."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gridline-clip-") as tmp:
        work = Path(tmp)
        partial = work / "clip.ts"
        done = subprocess.run(clip_command(partial, name, camera_id, role, seconds, work), cwd=work,
                              capture_output=True, text=True, timeout=120, preexec_fn=_lower_priority)
        if done.returncode != 0 or not partial.exists():
            raise RuntimeError(f"ffmpeg failed for {camera_id}/{role}: {done.stderr.strip()[-800:]}")
        shutil.move(str(partial), out)
    return out


def _lower_priority() -> None:
    try:
        os.nice(10)  # clip making must not take the console's CPU
    except OSError:
        pass


class DemoClips:
    """camera id → name, made into clips lazily on one background thread, cached on disk.

    `path(camera_id, role)` answers at once: the clip's path when it exists, else None after
    queueing it (the server then tells the player "not ready yet").
    """

    def __init__(self, names: dict[str, str], cache_dir: Path | None = None, seconds: float = CLIP_SECONDS,
                 maker: Callable[..., Path] = make_clip) -> None:
        self.names = dict(names)
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        self.seconds = seconds
        self._maker = maker
        self._queue: list[tuple[str, str]] = []
        self._failed: set[tuple[str, str]] = set()
        self._making: tuple[str, str] | None = None
        self._cond = threading.Condition()
        self._thread: threading.Thread | None = None
        self._stopped = False

    def known(self, camera_id: str) -> bool:
        return camera_id in self.names

    def clip_path(self, camera_id: str, role: str) -> Path:
        digest = hashlib.sha1(f"{CLIP_VERSION}|{camera_id}|{self.names[camera_id]}|{self.seconds}".encode())
        return self.cache_dir / f"{camera_id}-{role}-{digest.hexdigest()[:10]}.ts"

    def path(self, camera_id: str, role: str) -> Path | None:
        if camera_id not in self.names or role not in SIZES:
            return None
        p = self.clip_path(camera_id, role)
        if p.exists():
            return p
        self.request(camera_id, role, urgent=True)
        return None

    def wait(self, camera_id: str, role: str, timeout: float) -> Path | None:
        """The clip's path once made (it is made first), or None after `timeout` or if it failed."""
        if camera_id not in self.names or role not in SIZES:
            return None
        p = self.clip_path(camera_id, role)
        self.request(camera_id, role, urgent=True)
        deadline = time.monotonic() + timeout
        with self._cond:
            while not p.exists() and (camera_id, role) not in self._failed and not self._stopped:
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self._cond.wait(left)
        return p if p.exists() else None

    def failed(self, camera_id: str, role: str) -> bool:
        return (camera_id, role) in self._failed

    def request(self, camera_id: str, role: str, urgent: bool = False) -> None:
        """Queue a clip; urgent ones (someone is waiting to watch) go first."""
        key = (camera_id, role)
        with self._cond:
            if key in self._queue or key == self._making or key in self._failed or self.clip_path(*key).exists():
                return
            if urgent:
                self._queue.insert(0, key)
            else:
                self._queue.append(key)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="gridline-demo-clips", daemon=True)
                self._thread.start()
            self._cond.notify()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._stopped:
                    self._cond.wait()
                if self._stopped:
                    return
                key = self._making = self._queue.pop(0)
            camera_id, role = key
            try:
                self._maker(self.clip_path(camera_id, role), self.names[camera_id], camera_id, role, self.seconds)
            except Exception as exc:  # a broken clip must not stop the others
                log.warning("demo clip %s/%s failed: %s", camera_id, role, exc)
                with self._cond:
                    self._failed.add(key)
            finally:
                with self._cond:
                    self._making = None
                    self._cond.notify_all()  # viewers waiting for this clip (wait())

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
