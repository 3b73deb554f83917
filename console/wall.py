"""The camera wall without Qt: layouts, what each tile shows, presets, tours, alarm pop-ups.

`Wall` holds the wall's own state (layout, the user's camera per tile, selection, the tile shown
full screen, the running tour, the alarm pop-up) and emits one psygnal event per change; camera
data itself stays in the Store. What a tile shows is decided in one place, `Wall.shown`: the
alarm pop-up first (its reserved tile group, the bottom row), then the tour, then the user's choice.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from psygnal import Signal

MIN_DWELL = 3.0  # seconds; a tour faster than this cannot be watched


@dataclass(frozen=True)
class Cell:
    row: int
    col: int
    rows: int = 1
    cols: int = 1


@dataclass(frozen=True)
class WallLayout:
    key: str
    rows: int
    cols: int
    cells: tuple[Cell, ...]

    @property
    def size(self) -> int:
        return len(self.cells)


def grid_layout(n: int, key: str | None = None) -> WallLayout:
    return WallLayout(key or str(n * n), n, n, tuple(Cell(r, c) for r in range(n) for c in range(n)))


def custom_layout(rows: int, cols: int, big: Iterable[Cell] = ()) -> WallLayout:
    """rows × cols tiles, where each `big` cell covers several; raises ValueError on overlap."""
    if not (1 <= rows <= 8 and 1 <= cols <= 8):
        raise ValueError("a custom wall has 1 to 8 rows and columns")
    taken: set[tuple[int, int]] = set()
    cells = []
    for b in big:
        covered = {(r, c) for r in range(b.row, b.row + b.rows) for c in range(b.col, b.col + b.cols)}
        if taken & covered or any(r >= rows or c >= cols or r < 0 or c < 0 for r, c in covered):
            raise ValueError(f"big tile {b} overlaps another or leaves the wall")
        taken |= covered
        cells.append(b)
    cells += [Cell(r, c) for r in range(rows) for c in range(cols) if (r, c) not in taken]
    cells.sort(key=lambda c: (c.row, c.col))
    big_part = "".join(f"+{b.row},{b.col},{b.rows},{b.cols}" for b in sorted(big, key=lambda c: (c.row, c.col)))
    return WallLayout(f"custom:{rows}x{cols}{big_part}", rows, cols, tuple(cells))


LAYOUTS: dict[str, WallLayout] = {
    "1": grid_layout(1),
    "4": grid_layout(2),
    "6": WallLayout("6", 3, 3, (Cell(0, 0, 2, 2), Cell(0, 2), Cell(1, 2), Cell(2, 0), Cell(2, 1), Cell(2, 2))),
    "9": grid_layout(3),
    "16": grid_layout(4),
    "25": grid_layout(5),
    "36": grid_layout(6),
}


def layout_for(key: str) -> WallLayout:
    """A layout by key: "1".."36", or "custom:RxC+r,c,rows,cols..." as `custom_layout` names it."""
    if key in LAYOUTS:
        return LAYOUTS[key]
    if key.startswith("custom:"):
        spec, *bigs = key[len("custom:"):].split("+")
        rows, cols = (int(x) for x in spec.split("x"))
        return custom_layout(rows, cols, [Cell(*(int(x) for x in b.split(","))) for b in bigs])
    raise ValueError(f"unknown layout {key!r}")


def alarm_tiles(layout: WallLayout) -> list[int]:
    """The reserved tile group of alarm pop-ups: the tiles that start on the bottom row."""
    last = max(c.row + c.rows - 1 for c in layout.cells)
    return [i for i, c in enumerate(layout.cells) if c.row + c.rows - 1 == last]


def is_large(layout: WallLayout, index: int) -> bool:
    """A tile at least half the wall wide takes the main stream; smaller ones the sub stream."""
    return layout.cells[index].cols * 2 >= layout.cols


def neighbour(layout: WallLayout, index: int, direction: str) -> int:
    """The tile left/right/up/down of `index` (keyboard navigation); itself at the edge."""
    cell = layout.cells[index]
    r, c = {"left": (cell.row, cell.col - 1), "right": (cell.row, cell.col + cell.cols),
            "up": (cell.row - 1, cell.col), "down": (cell.row + cell.rows, cell.col)}[direction]
    for i, other in enumerate(layout.cells):
        if other.row <= r < other.row + other.rows and other.col <= c < other.col + other.cols:
            return i
    return index


# --- tours ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Tour:
    """轮巡: `cameras` shown in turn on `tiles`, `dwell` seconds per page."""

    cameras: tuple[str, ...]
    dwell: float
    tiles: tuple[int, ...]

    def __post_init__(self) -> None:
        if self.dwell < MIN_DWELL:
            raise ValueError(f"dwell must be at least {MIN_DWELL:g} s")
        if not self.cameras or not self.tiles:
            raise ValueError("a tour needs cameras and tiles")

    @property
    def pages(self) -> int:
        return math.ceil(len(self.cameras) / len(self.tiles))

    def page(self, step: int) -> dict[int, str | None]:
        """tile → camera on page `step` (pages wrap; the last page may leave tiles empty)."""
        start = (step % self.pages) * len(self.tiles)
        chunk = self.cameras[start:start + len(self.tiles)]
        return {t: (chunk[i] if i < len(chunk) else None) for i, t in enumerate(self.tiles)}


# --- alarm pop-ups -------------------------------------------------------------------------------

def distance_m(a: dict[str, float], b: dict[str, float]) -> float:
    """Great-circle distance in metres between two {lat, lon} points."""
    la1, lo1, la2, lo2 = (math.radians(v) for v in (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371000.0 * math.asin(min(1.0, math.sqrt(h)))


def nearest_cameras(cameras: Iterable[dict[str, Any]], location: dict | None, n: int,
                    camera_id: str | None = None) -> list[str]:
    """The alarm's own camera first, then the nearest online cameras to `location` (offline last)."""
    cams = {c["id"]: c for c in cameras}
    out = [camera_id] if camera_id in cams else []
    anchor = location or (cams[camera_id].get("location") if camera_id in cams else None)
    if anchor and anchor.get("lat") is not None:
        ranked = sorted((c for c in cams.values() if c.get("location") and c["id"] not in out),
                        key=lambda c: (not c.get("online", True), distance_m(anchor, c["location"])))
        out += [c["id"] for c in ranked]
    return out[:n]


@dataclass(frozen=True)
class AlarmPopup:
    alarm_id: str
    alarm: dict[str, Any] = field(compare=False, hash=False)
    cameras: tuple[str, ...]


def popup_for(alarms: Iterable[dict[str, Any]], cameras: list[dict[str, Any]], n: int) -> AlarmPopup | None:
    """The newest active alarm that names a camera or a place, with its nearest cameras."""
    candidates = [a for a in alarms if a.get("status") == "active" and (a.get("camera_id") or a.get("location"))]
    for alarm in sorted(candidates, key=lambda a: (a.get("raised_at") or "", a["id"]), reverse=True):
        chosen = nearest_cameras(cameras, alarm.get("location"), n, alarm.get("camera_id"))
        if chosen:
            return AlarmPopup(alarm["id"], alarm, tuple(chosen))
    return None


# --- the wall's state ----------------------------------------------------------------------------

class Wall:
    """Layout, the user's cameras per tile, selection, full screen, tour and alarm pop-up."""

    sig_layout = Signal(object)
    """WallLayout: the tiles were rebuilt."""
    sig_tiles = Signal()
    """What some tile shows may have changed: views read `shown(i)` again."""
    sig_selected = Signal(int)
    sig_solo = Signal(object)
    """int | None: the tile shown over the whole wall, or None."""
    sig_tour = Signal()
    """The tour started, stopped, paused, resumed or advanced."""
    sig_popup = Signal(object)
    """AlarmPopup | None."""
    sig_group = Signal()
    """The tour group (the tiles marked for the next tour) changed."""

    def __init__(self, layout: WallLayout = LAYOUTS["16"]) -> None:
        self.layout = layout
        self.assigned: list[str | None] = [None] * layout.size
        self.selected = 0
        self.solo: int | None = None
        self.tour: Tour | None = None
        self.tour_step = 0
        self.tour_paused = False
        self.tour_group: tuple[int, ...] = ()  # 轮巡组: empty = a tour takes the whole wall
        self.popup: AlarmPopup | None = None

    def set_layout(self, layout: WallLayout) -> None:
        if layout == self.layout:
            return
        self.layout = layout
        # Tiles keep their cameras by index, also beyond a smaller layout: 16 → 1 → 16 loses nothing.
        self.assigned += [None] * max(0, layout.size - len(self.assigned))
        self.selected = min(self.selected, layout.size - 1)
        self.solo = None
        if self.tour is not None:
            self.tour = None
        self.clear_tour_group()  # tile numbers mean other places in another layout
        self.sig_layout.emit(layout)
        self.sig_tiles.emit()

    def shown(self, index: int) -> str | None:
        """The camera on tile `index`: alarm pop-up, else tour, else the user's choice."""
        if self.popup is not None:
            group = alarm_tiles(self.layout)
            if index in group:
                k = group.index(index)
                return self.popup.cameras[k] if k < len(self.popup.cameras) else None
        if self.tour is not None and index in self.tour.tiles:
            return self.tour.page(self.tour_step).get(index)
        return self.assigned[index] if index < len(self.assigned) else None

    def popup_tile(self, index: int) -> bool:
        return self.popup is not None and index in alarm_tiles(self.layout)

    def assign(self, index: int, camera_id: str | None) -> None:
        if not 0 <= index < self.layout.size:
            raise IndexError(index)
        self.assigned[index] = camera_id
        if self.tour is not None and index in self.tour.tiles and camera_id is not None:
            # A camera dropped on a touring tile takes that tile out of the tour.
            tiles = tuple(t for t in self.tour.tiles if t != index)
            self.tour = Tour(self.tour.cameras, self.tour.dwell, tiles) if tiles else None
            self.sig_tour.emit()
        self.sig_tiles.emit()

    def place(self, camera_id: str) -> int:
        """Show `camera_id`: where it already is, else the first free ordinary tile, else the selected one."""
        for i in range(self.layout.size):
            if self.shown(i) == camera_id:
                self.select(i)
                return i
        reserved = set(alarm_tiles(self.layout)) if self.popup is not None else set()
        touring = set(self.tour.tiles) if self.tour is not None else set()
        free = [i for i in range(self.layout.size)
                if self.assigned[i] is None and i not in reserved and i not in touring]
        index = free[0] if free else self.selected
        self.assign(index, camera_id)
        self.select(index)
        return index

    def select(self, index: int) -> None:
        index = max(0, min(index, self.layout.size - 1))
        if index != self.selected:
            self.selected = index
            self.sig_selected.emit(index)

    def move_selection(self, direction: str) -> None:
        self.select(neighbour(self.layout, self.selected, direction))

    def set_solo(self, index: int | None) -> None:
        if index != self.solo:
            self.solo = index
            self.sig_solo.emit(index)

    def toggle_solo(self, index: int) -> None:
        self.set_solo(None if self.solo == index else index)

    # tours
    def toggle_tour_tile(self, index: int) -> None:
        """Mark or unmark tile `index` for the next tour (a running tour keeps its own tiles)."""
        if not 0 <= index < self.layout.size:
            raise IndexError(index)
        self.tour_group = tuple(sorted(set(self.tour_group) ^ {index}))
        self.sig_group.emit()

    def clear_tour_group(self) -> None:
        if self.tour_group:
            self.tour_group = ()
            self.sig_group.emit()

    def start_tour(self, cameras: Iterable[str], dwell: float, tiles: Iterable[int] | None = None) -> Tour:
        """Tour `cameras` on `tiles`; by default on the tour group, or the whole wall without one."""
        chosen = tuple(tiles) if tiles is not None else (self.tour_group or tuple(range(self.layout.size)))
        self.tour = Tour(tuple(cameras), float(dwell), chosen)
        self.tour_step = 0
        self.tour_paused = False
        self.sig_tour.emit()
        self.sig_tiles.emit()
        return self.tour

    def stop_tour(self) -> None:
        if self.tour is not None:
            self.tour = None
            self.sig_tour.emit()
            self.sig_tiles.emit()

    def next_page(self) -> None:
        if self.tour is not None:
            self.tour_step = (self.tour_step + 1) % self.tour.pages
            self.sig_tour.emit()
            self.sig_tiles.emit()

    def set_tour_paused(self, paused: bool) -> None:
        if self.tour is not None and paused != self.tour_paused:
            self.tour_paused = paused
            self.sig_tour.emit()

    # alarm pop-up
    def set_popup(self, popup: AlarmPopup | None) -> None:
        if popup != self.popup:
            self.popup = popup
            self.sig_popup.emit(popup)
            self.sig_tiles.emit()

    # presets
    def preset(self) -> dict[str, Any]:
        return {"layout": self.layout.key, "cameras": list(self.assigned[:self.layout.size])}

    def apply_preset(self, preset: dict[str, Any]) -> None:
        layout = layout_for(preset["layout"])
        cams = list(preset.get("cameras") or [])
        self.stop_tour()
        self.set_layout(layout)
        self.assigned = cams[:layout.size] + [None] * max(0, layout.size - len(cams))
        self.sig_tiles.emit()


class PresetBook:
    """Named wall presets (layout + cameras) in a JSON file, written atomically; and, under the
    name "" (never a user's: names are not empty), the view the wall showed last."""

    LAST = ""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.presets: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.presets = {str(k): v for k, v in data.items() if isinstance(v, dict) and "layout" in v}
        except (OSError, ValueError):
            pass  # no file yet, or a broken one: start empty rather than fail the wall

    def names(self) -> list[str]:
        return sorted(n for n in self.presets if n != self.LAST)

    def last(self) -> dict[str, Any] | None:
        return self.presets.get(self.LAST)

    def remember(self, preset: dict[str, Any]) -> bool:
        """Keep `preset` as the last view; False (nothing written) when it is kept already."""
        if self.presets.get(self.LAST) == preset:
            return False
        self.save(self.LAST, preset)
        return True

    def save(self, name: str, preset: dict[str, Any]) -> None:
        self.presets[name] = preset
        self._write()

    def delete(self, name: str) -> None:
        if self.presets.pop(name, None) is not None:
            self._write()

    def _write(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".presets-")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self.presets, f, ensure_ascii=False, indent=1)
        os.replace(tmp, self.path)
