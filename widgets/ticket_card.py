"""Painted ticket cards: one delegate draws every card, no widget per card.

The delegate reads the ticket from the Store at paint time and computes the SLA countdown then
(console.board.countdown), so a 1 s `viewport().update()` ticks every visible countdown without
touching the model. Also the Chinese labels shared by the board, the filters and the detail.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Callable

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from console import board

from .bridge import bind
from .i18n import Bilingual, pick
from .i18n import short_language as _lang
from .ticket_models import TicketRole, utc_now

try:
    from .theme import COLORS, STATUS_COLORS
except ImportError:  # theme.py is owned by the main-window work; keep the board usable without it
    STATUS_COLORS = {"ok": "#3fd068", "at_risk": "#ffb020", "overdue": "#ff5a52", "info": "#4aa8ff"}
    COLORS = {"bg": "#0b0f14", "surface": "#131a22", "surface2": "#1c2530", "border": "#2e3a48",
              "text": "#eef3f8", "muted": "#a7b3c0", **STATUS_COLORS}

# Category names: console.board's table when it has one, else this copy of
# backend/config/categories.toml (the console must not import the backend).
_CATEGORY_FALLBACK = {
    "city_appearance": "市容环境", "advertising": "宣传广告", "construction": "施工管理", "street_order": "街面秩序",
    "emergency": "突发事件", "dispute": "矛盾纠纷", "public_security": "治安隐患", "facility_repair": "设施维修",
    "livelihood": "民生服务", "other": "其他",
}
# The *_ZH tables are Bilingual: `.get`/`[]` answer in the current language (widgets/i18n.py).
CATEGORY_EN = {
    "city_appearance": "City appearance", "advertising": "Advertising", "construction": "Construction",
    "street_order": "Street order", "emergency": "Emergency", "dispute": "Dispute",
    "public_security": "Public security", "facility_repair": "Facility repair", "livelihood": "Livelihood services",
    "other": "Other",
}
CATEGORY_ZH: dict[str, str] = Bilingual(dict(getattr(board, "CATEGORY_ZH", None) or _CATEGORY_FALLBACK), CATEGORY_EN)
parse_time = board.parse_time
SOURCE_ZH = Bilingual({"resident_app": "居民报事", "patrol": "网格巡查", "hotline": "热线", "camera_ai": "视频AI",
                       "sensor": "传感器", "alarm": "一键报警", "other": "其他"},
                      {"resident_app": "Resident app", "patrol": "Grid patrol", "hotline": "Hotline",
                       "camera_ai": "Video AI", "sensor": "Sensor", "alarm": "One-key alarm", "other": "Other"})
PRIORITY_ZH = Bilingual({"normal": "一般", "urgent": "紧急", "emergency": "特急"},
                        {"normal": "Normal", "urgent": "Urgent", "emergency": "Emergency"})
STATUS_EN = {"reported": "To accept", "accepted": "To dispatch", "dispatched": "Dispatched",
             "in_progress": "Handling", "feedback": "To verify", "verified": "To evaluate", "closed": "Closed",
             "rejected": "Rejected"}
STATUS_ZH = Bilingual(dict(board.STATUS_ZH), STATUS_EN)
SLA_ZH = Bilingual({"ok": "正常", "at_risk": "预警", "overdue": "超时"},
                   {"ok": "On time", "at_risk": "At risk", "overdue": "Overdue"})


def category_name(code: str | None) -> str:
    return CATEGORY_ZH.get(code or "", code or "")


def span_text(seconds: float) -> str:
    """A duration the way dispatchers say it: 12分钟, 3小时05分, 2天4小时."""
    m = int(max(seconds, 0) // 60)
    if m < 60:
        return pick(f"{m}分钟", f"{m} min")
    h, m = divmod(m, 60)
    if h < 24:
        return pick(f"{h}小时{m:02d}分", f"{h} h {m:02d} min")
    d, h = divmod(h, 24)
    return pick(f"{d}天{h}小时", f"{d} d {h} h")


def age_text(seconds: float) -> str:
    """A card's coarse age (minutes only in the first hour): the card has no room for more."""
    m = int(max(seconds, 0) // 60)
    if m < 60:
        return pick(f"{m}分钟前", f"{m} min ago")
    return pick(f"{m // 60}小时前", f"{m // 60} h ago") if m < 24 * 60 else pick(f"{m // 1440}天前", f"{m // 1440} d ago")


def region_name(store: Any, region_id: str | None) -> str:
    region = store.get("region", region_id) if region_id else None
    return region.get("name", region_id) if region else (region_id or QCoreApplication.translate("TicketCard", "No grid"))


def short_region_name(store: Any, region_id: str | None) -> str:
    """The grid's name without its community's ("清华园社区第一网格" → "第一网格"): a card is narrow,
    and the column already sits in one street; the full name is in the detail and the tooltip."""
    name = region_name(store, region_id)
    region = store.get("region", region_id) if region_id else None
    parent = store.get("region", region.get("parent_id")) if region and region.get("parent_id") else None
    prefix = (parent or {}).get("name", "")
    return name[len(prefix):] if prefix and name.startswith(prefix) and len(name) > len(prefix) else name


def staff_name(store: Any, staff_id: str | None) -> str:
    staff = store.get("staff", staff_id) if staff_id else None
    return staff.get("name", staff_id) if staff else (staff_id or QCoreApplication.translate("TicketCard", "Unassigned"))


_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class _Type:
    """Fonts and metrics of the cards for one view font, computed once (paint runs per card)."""

    small: QFont
    title: QFont
    bold: QFont
    ls: int  # line spacings
    lt: int
    lb: int
    countdown_w: int  # room kept for the countdown, so the category never runs under it

    @classmethod
    def of(cls, base: QFont) -> "_Type":
        small = QFont(base)
        small.setPointSizeF(base.pointSizeF() * 0.86)
        title = QFont(base)
        title.setPointSizeF(base.pointSizeF() * 1.06)
        title.setBold(True)
        bold = QFont(small)
        bold.setBold(True)
        fs, fb = QFontMetrics(small), QFontMetrics(bold)
        return cls(small, title, bold, fs.lineSpacing(), QFontMetrics(title).lineSpacing(), fb.lineSpacing(),
                   max(fb.horizontalAdvance(w.format("000:00:00")) for pair in board.COUNTDOWN_WORDS.values()
                       for w in pair))


class TicketCardDelegate(QStyledItemDelegate):
    """Paints one card: id, priority / title / category, SLA countdown / grid, assignee, age.

    What changes every second (stripe colour, countdown, age) is drawn at each paint; the rest
    is drawn once per ticket version into a small pixmap cache, so the 1 s tick and a burst of
    events repaint a wall of cards in a few milliseconds.
    """

    PAD = 8
    STRIPE = 7
    GAP = 2
    CACHE = 300  # a few wall screens of cards

    def __init__(self, store: Any, clock: Callable[[], datetime] = utc_now, parent: Any = None) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._types: dict[str, _Type] = {}
        self._cache: OrderedDict[tuple, QPixmap] = OrderedDict()
        # ticket id -> (SLA state, age label, countdown width) it was last painted with: a second
        # that changes none of them only needs the countdown repainted (see tick_rect).
        self._painted: dict[str, tuple[str, str, int]] = {}
        self._shapes: dict[tuple[str, str], int] = {}  # (font key, countdown with digits as 0) -> width
        bind(self, store.sig_reset, self._on_names_changed)
        bind(self, store.sig_changed, self._on_changed)

    def _type(self, font: QFont) -> _Type:
        key = font.key()
        if key not in self._types:
            self._types[key] = _Type.of(font)
        return self._types[key]

    def _on_names_changed(self) -> None:
        self._cache.clear()
        self._painted.clear()

    def _on_changed(self, changes: list) -> None:
        if any(c.kind in ("region", "staff") for c in changes):  # a grid or person renamed: redraw all
            self._cache.clear()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        t = self._type(option.font)
        h = 2 * t.ls + t.lt + t.lb + 2 * self.PAD + 3 * self.GAP
        # Narrow on purpose: a list view widens items to its viewport, never the other way round.
        return QSize(120, h + 8)  # + 8: the gap between cards

    @staticmethod
    def _text(painter: QPainter, font: QFont, colour: str, rect: QRect, text: str,
              align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft) -> None:
        """Draw `text` elided to `rect`."""
        shown = QFontMetrics(font).elidedText(text, Qt.TextElideMode.ElideRight, max(rect.width(), 0))
        painter.setFont(font)
        painter.setPen(QColor(colour))
        painter.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, shown)

    def _layout(self, rect: QRect, t: _Type) -> tuple[QRect, int, int, list[int]]:
        card = rect.adjusted(2, 4, -2, -4)
        x = card.left() + self.STRIPE + self.PAD
        ys = [card.top() + self.PAD]
        for h in (t.ls, t.lt, t.lb):
            ys.append(ys[-1] + h + self.GAP)
        return card, x, card.right() - self.PAD - x, ys

    def _static(self, ticket: dict, option: QStyleOptionViewItem, t: _Type, font_key: str, selected: bool,
                pending: bool, state: str, age: str, countdown_w: int) -> QPixmap:
        """The card but its countdown, drawn at (0, 0) and cached; the age is coarse (minutes,
        hours) and the SLA state changes rarely, so they are part of the cached picture.
        `countdown_w`: the width the countdown takes now, left free beside the category."""
        dpr = option.widget.devicePixelRatioF() if option.widget is not None else 1.0
        size = option.rect.size()
        key = (ticket["id"], ticket.get("version"), pending, selected, state, age, size.width(), size.height(), dpr,
               font_key, ticket.get("status"), ticket.get("region_id"), ticket.get("assignee_id"), countdown_w)
        pix = self._cache.get(key)
        if pix is not None:
            self._cache.move_to_end(key)
            return pix
        pix = QPixmap(size * dpr)
        pix.setDevicePixelRatio(dpr)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        card, x, w, ys = self._layout(QRect(QPoint(0, 0), size), t)
        p.setPen(QPen(QColor(STATUS_COLORS["info"] if selected else COLORS["border"]), 3 if selected else 1))
        p.setBrush(QColor(COLORS["surface2"]))
        p.drawRoundedRect(card, 6, 6)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(QColor(STATUS_COLORS.get(state, COLORS["muted"])))  # the stripe says the SLA state too
        p.drawRoundedRect(QRect(card.left(), card.top(), self.STRIPE, card.height()), 3, 3)
        right = Qt.AlignmentFlag.AlignRight
        priority = ticket.get("priority", "normal")  # line 1: id | priority when not normal (red)
        used = 0
        if priority != "normal":
            label = PRIORITY_ZH.get(priority, priority)
            used = QFontMetrics(t.bold).horizontalAdvance(label)
            self._text(p, t.bold, STATUS_COLORS["overdue"], QRect(x, ys[0], w, t.ls), label, right)
        self._text(p, t.small, COLORS["muted"], QRect(x, ys[0], w - used - 8, t.ls), ticket.get("id", ""))
        self._text(p, t.title, COLORS["text"], QRect(x, ys[1], w, t.lt), ticket.get("title", ""))  # line 2
        self._text(p, t.small, COLORS["text"], QRect(x, ys[2], w - countdown_w - 8, t.lb),  # line 3 left
                   category_name(ticket.get("category")))
        who = f"{short_region_name(self._store, ticket.get('region_id'))}·{staff_name(self._store, ticket.get('assignee_id'))}"
        age_w = QFontMetrics(t.small).horizontalAdvance(age)
        self._text(p, t.small, COLORS["muted"], QRect(x, ys[3], w - age_w - 10, t.ls), who)  # line 4 left
        self._text(p, t.small, STATUS_COLORS["info"] if pending else COLORS["muted"],  # line 4 right: age
                   QRect(x + w - age_w - 2, ys[3], age_w + 2, t.ls), age, right)
        p.end()
        self._cache[key] = pix
        if len(self._cache) > self.CACHE:
            self._cache.popitem(last=False)
        return pix

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        model = index.model()
        # Straight to the column model when possible: a Qt data() round trip per card per second adds up.
        ticket = model.ticket_at(index.row()) if hasattr(model, "ticket_at") else index.data(TicketRole)
        if ticket is None:
            return
        now = self._clock()
        font_key = option.font.key()
        t = self._types.get(font_key) or self._type(option.font)
        pending = self._store.pending("ticket", ticket["id"])
        _, countdown, state = board.countdown(ticket, now, _lang())
        age = self._age(ticket, now, pending)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        rect = option.rect
        countdown_w = self._shape_width(t, font_key, countdown)
        painter.drawPixmap(rect.topLeft(), self._static(ticket, option, t, font_key, selected, pending, state, age,
                                                        countdown_w))
        if len(self._painted) > 4 * self.CACHE:
            self._painted.clear()  # bounded; a forgotten card is just repainted whole at the next tick
        self._painted[ticket["id"]] = (state, age, countdown_w)
        if countdown:  # line 3 right, in the status colour
            box = self._countdown_rect(rect, t)
            if countdown_w > box.width():  # a card narrower than its countdown (a laptop, in English):
                # keep the time, the part that changes; the colour and stripe still say overdue
                countdown = QFontMetrics(t.bold).elidedText(countdown, Qt.TextElideMode.ElideLeft, box.width())
            painter.setFont(t.bold)
            painter.setPen(QColor(STATUS_COLORS.get(state, COLORS["muted"])))
            painter.drawText(box, _RIGHT, countdown)

    def category_room(self, rect: QRect, font: QFont, countdown: str) -> int:
        """Width the category gets on a card of `rect`'s size beside `countdown`."""
        t = self._types.get(font.key()) or self._type(font)
        _, _, w, _ = self._layout(QRect(QPoint(0, 0), rect.size()), t)
        return w - self._shape_width(t, font.key(), countdown) - 8

    def _shape_width(self, t: _Type, font_key: str, countdown: str) -> int:
        """Width of the countdown with its digits as zeros: it changes only when the words or the
        number of digits do (card fonts have equal-width digits), so the cached card is kept while
        the seconds run, and the category gets all the room the countdown leaves."""
        if not countdown:
            return 0
        shape = _DIGIT.sub("0", countdown)
        w = self._shapes.get((font_key, shape))
        if w is None:
            w = self._shapes[font_key, shape] = min(QFontMetrics(t.bold).horizontalAdvance(shape) + 2, t.countdown_w)
        return w

    def _age(self, ticket: dict, now: datetime, pending: bool) -> str:
        if pending:
            return QCoreApplication.translate("TicketCard", "Submitting…")
        created = parse_time(ticket.get("created_at"))
        return age_text((now - created).total_seconds()) if created else ""

    def _countdown_rect(self, rect: QRect, t: _Type) -> QRect:
        """Line 3's right end, never left of the text's edge (beside the stripe)."""
        card, x, w, ys = self._layout(rect, t)
        width = min(t.countdown_w, w)
        return QRect(x + w - width, ys[2], width, t.lb)

    def tick_rect(self, ticket: dict, rect: QRect, font: QFont) -> QRect:
        """What of the card at `rect` a passing second changes: its countdown, or all of it when
        its SLA state (stripe) or age label changed since it was last painted."""
        now = self._clock()
        _, countdown, state = board.countdown(ticket, now, _lang())
        age = self._age(ticket, now, self._store.pending("ticket", ticket["id"]))
        t = self._types.get(font.key()) or self._type(font)
        if self._painted.get(ticket["id"]) != (state, age, self._shape_width(t, font.key(), countdown)):
            return rect
        return self._countdown_rect(rect, t)
