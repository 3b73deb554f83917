"""The briefing playlist: which page shows, for how long, and what a presenter's remote does.

Qt-free and clock-free: the window calls `advance(seconds)` from its timer, so tests drive time by
hand. Keys of presenter remotes: PgDn/Right/Down = next, PgUp/Left/Up = previous, space (or the
remote's "blank" key, '.' / 'b') = pause and resume, Esc = leave.
"""

from __future__ import annotations

from dataclasses import dataclass

from psygnal import Signal

MIN_DWELL = 3.0  # seconds; shorter pages flash past before anyone can read them


@dataclass(frozen=True)
class PageSpec:
    """One page of the playlist: a key, a title (Chinese) and its dwell time in seconds."""

    key: str
    title: str
    dwell: float


# Key names (as Qt spells them without the Key_ prefix) -> playlist command.
KEY_COMMANDS = {
    "PageDown": "next", "Right": "next", "Down": "next",
    "PageUp": "previous", "Left": "previous", "Up": "previous",
    "Space": "pause", "Period": "pause", "B": "pause",
    "Escape": "leave",
}


class Playlist:
    """Cycles through pages; each shows for its dwell time unless paused or stepped by hand."""

    sig_page = Signal(int)
    """(index): the page to show now."""
    sig_paused = Signal(bool)
    sig_leave = Signal()
    """The presenter asked to leave briefing mode."""

    def __init__(self, pages: list[PageSpec]) -> None:
        if not pages:
            raise ValueError("a briefing needs at least one page")
        self.pages = [PageSpec(p.key, p.title, max(float(p.dwell), MIN_DWELL)) for p in pages]
        self.index = 0
        self.elapsed = 0.0
        self.paused = False

    @property
    def current(self) -> PageSpec:
        return self.pages[self.index]

    @property
    def remaining(self) -> float:
        return max(self.current.dwell - self.elapsed, 0.0)

    def advance(self, seconds: float) -> None:
        """Let `seconds` pass; moves on (possibly over several short pages) when dwell times run out."""
        if self.paused or seconds <= 0:
            return
        self.elapsed += seconds
        moved = False
        while self.elapsed >= self.current.dwell:
            self.elapsed -= self.current.dwell
            self.index = (self.index + 1) % len(self.pages)
            moved = True
        if moved:
            self.sig_page.emit(self.index)

    def go(self, index: int) -> None:
        self.index = index % len(self.pages)
        self.elapsed = 0.0
        self.sig_page.emit(self.index)

    def next(self) -> None:
        self.go(self.index + 1)

    def previous(self) -> None:
        self.go(self.index - 1)

    def set_paused(self, paused: bool) -> None:
        if paused != self.paused:
            self.paused = paused
            self.sig_paused.emit(paused)

    def toggle_pause(self) -> None:
        self.set_paused(not self.paused)

    def command(self, key_name: str) -> bool:
        """Run the command of a key name (see KEY_COMMANDS); False when the key means nothing here."""
        cmd = KEY_COMMANDS.get(key_name)
        if cmd == "next":
            self.next()
        elif cmd == "previous":
            self.previous()
        elif cmd == "pause":
            self.toggle_pause()
        elif cmd == "leave":
            self.sig_leave.emit()
        return cmd is not None
