"""The console's dark wall-display theme: one colour scheme, large type, a CJK font that renders.

Every widget takes status colours from `STATUS_COLORS` (or the `tone` property styled by
resources/styles/dark.qss), so "amber" means "at risk" on the board, the alarms and the status bar
alike. The stylesheet is a template (`$ok`, `$bg`, ...) filled from the constants below: the
colours live in one place.
"""

from __future__ import annotations

from pathlib import Path
from string import Template

from PySide6.QtGui import QColor, QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import QApplication, QWidget

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
QSS_PATH = RESOURCES / "styles" / "dark.qss"

# The one status scheme (ticket sla_state, alarm states, connection state). Contrast ratios on BG
# are all above 7:1 so they read from the back of a duty room.
STATUS_COLORS: dict[str, str] = {
    "ok": "#3fd068",        # green: on time / live
    "at_risk": "#ffb020",   # amber: most of the time used / reconnecting
    "overdue": "#ff5a52",   # red: overdue / active alarm / offline / failed to load
    "info": "#4aa8ff",      # blue: neutral information, selection
}

# Surfaces and text, from darkest to lightest.
COLORS: dict[str, str] = {
    "bg": "#0b0f14",
    "surface": "#131a22",
    "surface2": "#1c2530",
    "border": "#2e3a48",
    "text": "#eef3f8",
    "muted": "#a7b3c0",
    **STATUS_COLORS,
}

BASE_POINT_SIZE = 15  # readable from a few metres on a 1080p wall; headers are larger (dark.qss)
WALL_POINT_SIZE = 17  # wall mode: no chrome, so the panels can afford bigger type

# Preferred UI families: Noto Sans CJK SC (fonts-noto-cjk, scripts/setup.sh) first, then the usual
# Simplified Chinese system fonts; Latin text uses the same family so mixed lines align.
CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
                "Microsoft YaHei", "PingFang SC", "Noto Sans SC")


def pick_ui_family() -> str | None:
    """The first installed CJK family of `CJK_FAMILIES`, or None (Qt falls back per glyph)."""
    installed = set(QFontDatabase.families())
    return next((f for f in CJK_FAMILIES if f in installed), None)


def ui_font(point_size: int = BASE_POINT_SIZE) -> QFont:
    family = pick_ui_family()
    font = QFont(family) if family else QFont()
    if not family:
        # No CJK family found: ask fontconfig for anything covering Chinese rather than tofu.
        font.setFamilies([*CJK_FAMILIES, "sans-serif"])
    font.setPointSize(point_size)
    font.setHintingPreference(QFont.HintingPreference.PreferFullHinting)
    return font


def status_color(tone: str) -> QColor:
    """QColor of a tone name (ok, at_risk, overdue, info); unknown tones are muted text."""
    return QColor(STATUS_COLORS.get(tone, COLORS["muted"]))


def stylesheet(point_size: int = BASE_POINT_SIZE) -> str:
    """dark.qss with the colours and sizes filled in."""
    values = dict(COLORS, icons=(RESOURCES / "icons").as_posix(), base=f"{point_size}pt", small=f"{point_size - 2}pt",
                  header=f"{point_size + 2}pt", title=f"{point_size + 6}pt")
    return Template(QSS_PATH.read_text(encoding="utf-8")).substitute(values)


def palette() -> QPalette:
    """A dark palette for whatever the stylesheet does not reach (native dialogs, tooltips)."""
    p = QPalette()
    c = {k: QColor(v) for k, v in COLORS.items()}
    roles = QPalette.ColorRole
    for role, key in ((roles.Window, "bg"), (roles.Base, "surface"), (roles.AlternateBase, "surface2"),
                      (roles.Button, "surface2"), (roles.ToolTipBase, "surface2"), (roles.WindowText, "text"),
                      (roles.Text, "text"), (roles.ButtonText, "text"), (roles.ToolTipText, "text"),
                      (roles.BrightText, "text"), (roles.Highlight, "info"), (roles.PlaceholderText, "muted"),
                      (roles.Link, "info")):
        p.setColor(role, c[key])
    p.setColor(roles.HighlightedText, QColor("#ffffff"))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7785"))
    return p


def apply_theme(app: QApplication, *, wall: bool = False) -> None:
    """Font, palette and stylesheet for the whole application."""
    size = WALL_POINT_SIZE if wall else BASE_POINT_SIZE
    app.setStyle("Fusion")  # the same metrics on every platform; native styles ignore parts of the QSS
    app.setFont(ui_font(size))
    app.setPalette(palette())
    app.setStyleSheet(stylesheet(size))


def set_tone(widget: QWidget, tone: str | None) -> None:
    """Colour a widget by status tone through the `tone` dynamic property of dark.qss."""
    if widget.property("tone") == tone:
        return
    widget.setProperty("tone", tone or "")
    # Dynamic properties only restyle after a re-polish.
    widget.style().unpolish(widget)
    widget.style().polish(widget)
    widget.update()
