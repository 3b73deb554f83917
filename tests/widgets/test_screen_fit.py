"""Full-screen and maximised windows where no window manager sizes them, and the wall's own screen.

The rules run here (offscreen); the windows run in child pytest processes (screen_cases.py): under
an Xvfb started here with no window manager, and on the offscreen platform given two screens.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget

from widgets.screen_fit import fill_screen, wanted_rect

ROOT = Path(__file__).resolve().parents[2]
CASES = "tests/widgets/screen_cases.py"


def test_a_normal_window_is_left_where_it_is(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    w.setGeometry(100, 100, 400, 300)
    w.show()
    qtbot.waitExposed(w)
    assert wanted_rect(w) is None
    assert not fill_screen(w)
    assert w.geometry().topLeft().x() == 100


def test_a_full_screen_window_wants_its_whole_screen_and_a_hidden_one_nothing(qtbot):
    w = QWidget()
    qtbot.addWidget(w)
    w.showFullScreen()
    qtbot.waitExposed(w)
    assert wanted_rect(w) == w.screen().geometry()
    w.hide()
    assert not fill_screen(w)  # nothing to size on screen


def run_cases(select: str, env: dict[str, str], tmp_path: Path) -> str:
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--basetemp", str(tmp_path / "child"),
           CASES, "-k", select]
    out = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    text = out.stdout + out.stderr
    assert out.returncode == 0, text[-4000:]
    return text


def passed(text: str) -> int:
    found = re.search(r"(\d+) passed", text)
    return int(found.group(1)) if found else 0


@pytest.fixture
def bare_x():
    """An Xvfb display of its own, and no window manager on it."""
    if not shutil.which("Xvfb"):
        pytest.skip("Xvfb is not installed (scripts/setup.sh installs it)")
    read, write = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
                            pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as f:
            number = f.readline().strip()
        assert number, "Xvfb did not start"
        yield f":{number}"
    finally:
        proc.terminate()
        proc.wait(10)


def test_on_a_bare_x_session_the_wall_fills_the_screen(bare_x, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=bare_x)
    env.pop("WAYLAND_DISPLAY", None)
    text = run_cases("bare_x", env, tmp_path)
    assert passed(text) == 3, text[-2000:]


def test_a_detached_wall_opens_full_screen_on_the_second_screen(tmp_path):
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"synthesizedHighDpiScaling": False, "screens": [
        {"name": "console", "x": 0, "y": 0, "width": 1920, "height": 1080, "logicalDpi": 96, "logicalBpi": 96,
         "dpr": 1},
        {"name": "wall", "x": 1920, "y": 0, "width": 3840, "height": 2160, "logicalDpi": 96, "logicalBpi": 96,
         "dpr": 1}]}))
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}")
    text = run_cases("two_screens", env, tmp_path)
    assert passed(text) == 1, text[-2000:]
