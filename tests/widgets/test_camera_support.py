"""Shared pieces of the camera wall tests: short real clips, a real HTTP-TS server, camera dicts.

(No tests here; the name keeps it beside the wall's tests.)
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from backend.demo.media import make_clip
from backend.media_server import FileClips, MediaServer

NAMES = ["幸福小区北门", "和平路口", "阳光苑东门", "文化广场"]
CLIP_DIR = Path(tempfile.gettempdir()) / "gridline-test-clips-v2"


def test_clips(count: int = 4, seconds: float = 4) -> list[Path]:
    """`count` distinct 640×360 clips, made once per machine (ffmpeg, ~0.3 s each)."""
    out = []
    for i in range(count):
        path = CLIP_DIR / f"clip{i}-{seconds:g}s.ts"
        if not path.exists():
            make_clip(path, NAMES[i % len(NAMES)], f"CAM-{i:03d}", "sub", seconds)
        out.append(path)
    return out


test_clips.__test__ = False  # a helper, not a test


def serve(clips: list[Path], cameras: int, port: int = 0) -> MediaServer:
    server = MediaServer(FileClips({f"CAM-{k:03d}": clips[k % len(clips)] for k in range(cameras)}), port=port)
    server.start()
    return server


def camera(k: int, base: str, online: bool = True, urls: list[dict] | None = None) -> dict:
    return {"id": f"CAM-{k:03d}", "version": 1, "name": f"{NAMES[k % len(NAMES)]}{k}号", "region_id": "G1",
            "location": {"lat": 37.05 + k * 0.0005, "lon": 117.05}, "online": online, "ai": False, "kind": "bullet",
            "urls": urls if urls is not None else [
                {"role": "sub", "protocol": "http-ts", "url": f"{base}/CAM-{k:03d}/sub.ts"},
                {"role": "main", "protocol": "http-ts", "url": f"{base}/CAM-{k:03d}/sub.ts"}]}


def pump(qapp, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        qapp.processEvents()
        time.sleep(0.004)
