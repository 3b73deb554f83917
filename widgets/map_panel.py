"""The live grid map panel (网格进图): every grid, ticket, camera and alarm on one map.

Adapts the console Store: `console.map_layers.MapScene` follows the Store's change batches and
turns (Store, viewport) into a bounded frame; this panel recomputes that frame at most once per
display frame (a 16 ms timer, and only when something changed) and syncs the map's list models.
Clicks, drops, search, focus and follow mode are decided here with console/ functions.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton,
                               QVBoxLayout, QWidget)

from console.coords import converters
from console.map_follow import FollowPolicy
from console.map_layers import MapScene
from console.map_lod import Viewport, zoom_to_fit
from console.map_search import SearchHit, locate, merged, place_hits, search
from console.stats_feed import StatsFeed
from console.map_stats import region_summary

from .bridge import FRAME_MS, bind
from .fit_scroll import FitScroll
from .i18n import localize
from .map_markers import LabelWarmer
from .map_overlays import GridCard, MapLegend
from .map_tiles import TileProbe, TileSource, load_tile_source
from .map_view import MapView
from .theme import STATUS_COLORS, set_tone
from .ticket_actions import Banner, TicketActions

log = logging.getLogger(__name__)

DEFAULT_CENTRE = (37.309, 117.157, 14.0)  # the demo street, until the grids say otherwise
FOCUS_ZOOM = 17.0
# Markers created per layer and frame: creating a map item is the expensive part (DESIGN.md §3), so
# clusters re-formed into many new markers are built over a few frames rather than stalling one.
NEW_ITEMS_PER_FRAME = 48
ZOOM_SETTLE_S = 0.15  # a zoom that has not changed for this long has settled: clusters re-form


class MapPanel(QWidget):
    """The grid map with legend, search, grid card, drop-to-dispatch and follow mode."""

    sig_open_ticket = Signal(str)
    """A ticket was clicked: the main window opens its detail."""
    sig_show_camera = Signal(str)
    """A camera was clicked: the camera wall shows it."""

    def __init__(self, store: Any, operations: Any, session: Any, parent: QWidget | None = None, *,
                 tiles: TileSource | None = None, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self._store = store
        self.session = session
        self.tiles = tiles if tiles is not None else load_tile_source(settings)
        self._to_display, self._from_display = converters(self.tiles.crs)
        self.scene = MapScene(store, self._to_display)
        self.follow = FollowPolicy()
        self.actions = TicketActions(store, operations, self)
        # Buildings and compounds are asked of the server (`place.search`); StatsFeed is the
        # console's fetch-with-state: a failure stays a failure, a superseded answer is dropped.
        self.lookups = StatsFeed(operations)
        self.lookups.sig_updated.connect(self._on_lookup)
        self._local_hits: list[SearchHit] = []
        self._search_text = ""
        self.frame = None  # the last computed console.map_layers.Frame
        self._synced = False  # the models hold all of self.frame
        self._on_screen = True  # False while the dock is covered by another tab (set_on_screen)
        self.frames_computed = 0
        self._dirty = True
        self._drop_hover: str | None = None

        self.title = QLabel()
        self.title.setProperty("role", "panel-title")
        self.search_box = QLineEdit()
        self.search_box.setClearButtonEnabled(True)
        self.search_box.returnPressed.connect(self._on_search)
        self.follow_box = QPushButton()  # a toggle button: its state reads from across the room
        self.follow_box.setCheckable(True)
        self.follow_box.setStyleSheet(f"QPushButton:checked {{ background: #1d4a73; border: 2px solid {STATUS_COLORS['info']};"
                                      f" font-weight: bold; }}")
        self.follow_box.toggled.connect(lambda on: self.set_follow(on, self.follow.return_after_s))
        bar = QHBoxLayout()
        bar.addWidget(self.title)
        bar.addStretch(1)
        bar.addWidget(self.search_box, 2)
        bar.addWidget(self.follow_box)
        self.banner = Banner(self)

        self.surface = QWidget()  # the map with overlays placed by hand over it
        self.surface.installEventFilter(self)
        self.view = MapView(self.tiles, self._start_view(), self.surface)
        if self.view.load_errors:
            log.error("map QML failed: %s", self.view.load_errors)
        # The legend and the base-map notice sit beside the map, not over it: a widget over the map
        # is repainted with every map frame (2-3 ms a frame in software rendering, for nothing).
        self.legend = MapLegend()
        self.card = GridCard(self.surface)
        self.notice = QLabel()  # "no base map": discreet, under the legend
        self.notice.setObjectName("mapNotice")
        self.notice.setWordWrap(True)
        self.notice.setStyleSheet("QLabel#mapNotice { padding: 4px 10px; }")
        set_tone(self.notice, "muted")
        side_box = QWidget()
        side = QVBoxLayout(side_box)
        side.setContentsMargins(0, 0, 0, 0)
        side.addWidget(self.legend)
        side.addStretch(1)
        side.addWidget(self.notice)
        # The legend scrolls where the window is too short for it (a 1366×768 laptop): at its full
        # height it made the console's window taller than such a screen
        self.side = FitScroll(side_box, horizontal=False)
        self.hits = QListWidget(self.surface)
        self.hits.hide()
        self.hits.itemActivated.connect(self._on_hit_chosen)
        self.hits.itemClicked.connect(self._on_hit_chosen)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(bar)
        layout.addWidget(self.banner)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.surface, 1)
        body.addWidget(self.side)
        layout.addLayout(body, 1)

        self.legend.sig_layer_toggled.connect(self._on_layer_toggled)
        self.legend.sig_colour_mode.connect(self._on_colour_mode)
        self.card.sig_zoom_into.connect(self.zoom_into)
        self.card.sig_closed.connect(self.clear_highlight)
        self.view.sig_view_moved.connect(self._on_view_moved)
        self.view.sig_tapped.connect(self._on_tapped)
        self.view.sig_marker_clicked.connect(self._on_marker_clicked)
        self.view.sig_ticket_dropped.connect(self.drop_ticket_at)
        self.view.sig_drag_over.connect(self._on_drag_over)
        self.view.sig_drag_left.connect(lambda: self._set_drop_hover(None))
        self.view.sig_user_moved.connect(self.follow.user_moved)
        self.actions.sig_message.connect(self.banner.show_message)
        bind(self, store.sig_reset, self._on_reset)
        bind(self, store.sig_changed, self._on_changed)

        # A zoom under way keeps its clusters (console.map_layers.CLUSTER_HOLD_STEPS) until it settles
        self._zoom = self.view.viewport.zoom
        self._zoom_settled = QTimer(self)
        self._zoom_settled.setSingleShot(True)
        self._zoom_settled.setInterval(int(ZOOM_SETTLE_S * 1000))
        self._zoom_settled.timeout.connect(self._on_zoom_settled)
        self._frame_timer = QTimer(self)
        self._frame_timer.setInterval(FRAME_MS)
        self._frame_timer.timeout.connect(lambda: self._on_frame())
        self._frame_timer.start()
        self.label_warmer = LabelWarmer(self.view.marker_images, self.scene.all_label_lines,
                                        self.view.devicePixelRatioF, self)
        self._follow_timer = QTimer(self)
        self._follow_timer.setInterval(500)
        self._follow_timer.timeout.connect(self._on_follow_tick)
        self.base_map_ok: bool | None = None
        self.probe = TileProbe(self)
        self.probe.sig_result.connect(self._on_probe)
        self.probe.probe(self.tiles, *self._start_view()[:2])
        self.retranslate()
        self._report_bad_regions()

    # --- public API (the main window's contract) ------------------------------------------------------

    def focus(self, kind: str, entity_id: str) -> bool:
        """Fly to a region / ticket / camera / alarm and highlight it; False when it is not known."""
        hit = locate(self._store, kind, entity_id)
        if hit is None:
            return False
        self._go_to(hit)
        return True

    def set_follow(self, on: bool, return_after_s: float = 30.0) -> None:
        """Follow mode: new active alarms and urgent tickets pan the map, which returns after a while."""
        self.follow.set(on, return_after_s)
        if self.follow_box.isChecked() != on:
            self.follow_box.setChecked(on)
        self._follow_timer.start() if on else self._follow_timer.stop()

    def zoom_into(self, region_id: str) -> None:
        hit = locate(self._store, "region", region_id)
        if hit is not None:
            self._go_to(hit)

    def clear_highlight(self) -> None:
        self.scene.highlight = None
        self.view.set_ring(0.0, 0.0, False)
        self._mark_dirty()

    def region_at_pixel(self, x: float, y: float) -> str | None:
        """The grid drawn under a widget pixel of the map: of the finest level on screen there (a
        micro-grid, else the grid drawn beneath it)."""
        lon, lat = self._from_display(*self.view.viewport.lonlat_at(x, y))
        if self.frame is None or self.frame.level is None:
            return self.scene.regions.region_at(lon, lat, None)
        for level in self.frame.levels:
            rid = self.scene.regions.region_at(lon, lat, level)
            if rid is not None:
                return rid
        return None

    def drop_ticket_at(self, ticket_id: str, x: float, y: float) -> Any:
        """A ticket card dropped on the map: assign it to the grid under the drop (board rules apply)."""
        self._set_drop_hover(None)
        rid = self.region_at_pixel(x, y)
        region = self._store.get("region", rid) if rid else None
        if region is not None and region.get("level") == 4 and region.get("parent_id"):
            rid = region["parent_id"]  # tickets belong to grids; a building's micro-grid dispatches to its grid
        if rid is None:
            self.actions.refuse(self.tr("Drop the ticket on a grid to dispatch it there"))
            return None
        return self.actions.run(ticket_id, "assign", region_id=rid)

    # --- frames ---------------------------------------------------------------------------------------

    @property
    def behind(self) -> bool:
        """True while the map has frame work left: a change or a move not yet drawn (a zoom that has
        just rested re-forms what it held), or new markers still to come over the next frames."""
        return self._dirty

    def refresh_now(self, complete: bool = True) -> None:
        """Recompute and sync the map at once (the timer does this once per frame when needed);
        `complete` also brings in the items held back for later frames."""
        self._dirty = True
        self._on_frame(force=True)
        for _ in range(50):
            if not (complete and self._dirty):
                break
            self._on_frame(force=True)

    def _mark_dirty(self) -> None:
        self._dirty = True

    def _on_view_moved(self) -> None:
        zoom = self.view.viewport.zoom
        if zoom != self._zoom:
            self._zoom = zoom
            self.scene.zoom_moving = True
            self.view.canvas.zooming = True  # before the canvas follows this move: scaled, not painted
            self._zoom_settled.start()  # (re)started: fires once the zoom has rested this long
        self._mark_dirty()

    def _on_zoom_settled(self) -> None:
        self.scene.zoom_moving = False
        # the canvas is told at the next frame, with that frame's items: painted once at rest, not twice
        self._mark_dirty()

    def _on_frame(self, force: bool = False) -> None:
        if not self._dirty or not (force or (self._on_screen and self.isVisible())):
            return  # a hidden map (another tab in front) costs nothing; it catches up when shown
        self._dirty = False
        vp = self.view.viewport
        lon, lat = self._from_display(vp.lon, vp.lat)
        frame = self.scene.compute(Viewport(lat, lon, vp.zoom, vp.width, vp.height))
        canvas = self.view.canvas
        canvas.zooming = self.scene.zoom_moving
        # the grids and tickets: painted now, or once a zoom under way rests
        canvas.show(frame.polygons, frame.labels, frame.markers.get("tickets", []), frame.step)
        if frame is self.frame and self._synced:
            return  # a pan within the frame's cover: the models already hold all of it
        self._synced = False
        complete = True
        for name, model in self.view.markers.items():
            complete &= model.sync(frame.markers.get(name, []), NEW_ITEMS_PER_FRAME)
        if not complete:
            self._dirty = True  # the rest of the new items come next frame
        self._synced = complete
        self.legend.set_scale(frame.legend)
        self.frame = frame
        self.frames_computed += 1

    def _on_reset(self) -> None:
        self.scene.reset()
        self._report_bad_regions()
        self._mark_dirty()
        self.label_warmer.restart()

    def _on_changed(self, changes: list) -> None:
        if self.scene.apply(changes):
            self._mark_dirty()
        if any(c.kind == "region" for c in changes):
            self._report_bad_regions()
            self.label_warmer.restart()
        if self.card.isVisible() and self.card.summary is not None:
            self._show_card(self.card.summary["id"])
        target = self.follow.on_changes(changes, time.monotonic(), self.view.viewport)
        if target is not None:
            self._go_to(SearchHit(target.kind, target.id, "", target.lat, target.lon, None, 0))

    def _report_bad_regions(self) -> None:
        """A region whose polygon cannot be drawn is named on the banner, never a crash."""
        problems = self.scene.regions.problems
        if problems:
            log.warning("regions not drawn: %s", problems)
            more = len(problems) - 3
            text = "; ".join(problems[:3]) + (self.tr(" … and %1 more").replace("%1", str(more)) if more > 0 else "")
            self.banner.show_message(self.tr("Not drawn (invalid boundary): %1").replace("%1", text), "overdue")

    def _on_follow_tick(self) -> None:
        back = self.follow.due_return(time.monotonic())
        if back is not None:
            self.clear_highlight()
            self.view.fly_to(back.lat, back.lon, back.zoom)

    # --- navigation -----------------------------------------------------------------------------------

    def _start_view(self) -> tuple[float, float, float]:
        streets = [s for lv in (1, 2, 3) for s in self.scene.regions.by_level.get(lv, ())]
        if not streets:
            return DEFAULT_CENTRE
        box = (min(s.bbox[0] for s in streets), min(s.bbox[1] for s in streets),
               max(s.bbox[2] for s in streets), max(s.bbox[3] for s in streets))
        lat, lon, zoom = zoom_to_fit(box, 1600, 900)
        lon, lat = self._to_display(lon, lat)
        return lat, lon, zoom

    def _go_to(self, hit: SearchHit) -> None:
        self.scene.highlight = (hit.kind, hit.id)
        vp = self.view.viewport
        if hit.bbox is not None:
            lat, lon, zoom = zoom_to_fit(hit.bbox, vp.width, vp.height, padding_px=60)
            self.view.set_ring(0.0, 0.0, False)
            if hit.kind == "region":
                self._show_card(hit.id)
        else:
            lat, lon, zoom = hit.lat, hit.lon, max(vp.zoom, FOCUS_ZOOM)
            dlon, dlat = self._to_display(hit.lon, hit.lat)
            self.view.set_ring(dlat, dlon, True)
        lon, lat = self._to_display(lon, lat)
        self.view.fly_to(lat, lon, zoom)
        self._mark_dirty()

    def _on_search(self) -> None:
        text = self.search_box.text().strip()
        self._search_text = text
        self._local_hits = search(self._store, text)
        asks_server = len(text) >= 2 and self.session.can("place.search")
        if asks_server:
            self.lookups.fetch("places", "place.search", {"query": text[:100], "limit": 10})
        if self._local_hits:
            self._go_to(self._local_hits[0])
            self._show_hits(self._local_hits)
        elif not asks_server:
            self.hits.hide()
            self.actions.refuse(self.tr("Nothing found for “%1”").replace("%1", text))
        # else: "nothing found" only once the server has answered too (_on_lookup)

    def _on_lookup(self, key: str) -> None:
        st = self.lookups.state(key)
        if key != "places" or st.status == "loading":
            return
        if st.status == "failed":
            # Never a false "nothing found": the local hits stay, the failure is said.
            self.actions.refuse(self.tr("Building search failed: %1").replace("%1", localize(st.message or st.code)))
            return
        places = place_hits((st.data or {}).get("places") or [])
        if not self._local_hits and not places:
            self.hits.hide()
            self.actions.refuse(self.tr("Nothing found for “%1”").replace("%1", self._search_text))
            return
        if not self._local_hits:
            self._go_to(places[0])
        self._show_hits(merged(self._local_hits, places))

    def _show_hits(self, hits: list[SearchHit]) -> None:
        self.hits.clear()
        if len(hits) <= 1:
            self.hits.hide()
            return
        for h in hits:
            item = QListWidgetItem(h.label)
            item.setData(Qt.ItemDataRole.UserRole, h)
            self.hits.addItem(item)
        self.hits.show()
        self.hits.raise_()
        self._place_overlays()

    def _on_hit_chosen(self, item: QListWidgetItem) -> None:
        self._go_to(item.data(Qt.ItemDataRole.UserRole))
        self.hits.hide()

    # --- clicks and drops -----------------------------------------------------------------------------

    def _on_tapped(self, x: float, y: float) -> None:
        self.hits.hide()
        rid = self.region_at_pixel(x, y)
        if rid is None:
            self.card.hide()
            self.clear_highlight()
            return
        self.scene.highlight = ("region", rid)
        self.view.set_ring(0.0, 0.0, False)
        self._show_card(rid)
        self._mark_dirty()

    def _show_card(self, region_id: str) -> None:
        summary = region_summary(self._store, region_id, self.scene.regions, self.scene.tally)
        if summary is None:
            self.card.hide()
            return
        self.card.show_summary(summary)
        self._place_overlays()

    def _on_marker_clicked(self, kind: str, entity_id: str, lat: float, lon: float) -> None:
        if not entity_id:  # a cluster: open it up
            self.view.fly_to(lat, lon, min(self.view.viewport.zoom + 2, 19))
            return
        if kind == "ticket":
            self.sig_open_ticket.emit(entity_id)
        elif kind == "camera":
            self.sig_show_camera.emit(entity_id)
        elif kind == "alarm":
            alarm = self._store.get("alarm", entity_id) or {}
            self.focus("alarm", entity_id)
            if alarm.get("camera_id"):
                self.sig_show_camera.emit(alarm["camera_id"])
        else:
            entity = self._store.get(kind, entity_id) or {}
            self.banner.show_message(entity.get("name") or entity_id, "info")

    def _on_drag_over(self, x: float, y: float) -> None:
        self._set_drop_hover(self.region_at_pixel(x, y))

    def _set_drop_hover(self, rid: str | None) -> None:
        if rid == self._drop_hover:
            return
        self._drop_hover = rid
        self.scene.highlight = ("region", rid) if rid else None
        self._mark_dirty()

    # --- layers ---------------------------------------------------------------------------------------

    def _on_layer_toggled(self, key: str, on: bool) -> None:
        self.scene.layers[key] = on
        self._mark_dirty()

    def _on_colour_mode(self, mode: str) -> None:
        self.scene.colour_by = mode
        self._mark_dirty()
        self.label_warmer.restart()

    def _on_probe(self, ok: bool, detail: str) -> None:
        self.base_map_ok = ok
        self._update_notice()

    def _update_notice(self) -> None:
        if self.base_map_ok:
            self.notice.hide()
            return
        if not self.tiles.configured:
            self.notice.setText(self.tr("No base map (no tile server configured)"))
        else:
            self.notice.setText(self.tr("No base map: the tile server cannot be reached"))
        self.notice.adjustSize()
        self.notice.show()
        self._place_overlays()

    # --- layout and language --------------------------------------------------------------------------

    def _place_overlays(self) -> None:
        w, h = self.surface.width(), self.surface.height()
        self.view.setGeometry(0, 0, w, h)
        self.card.adjustSize()
        self.card.move(max(w - self.card.width() - 10, 10), 10)
        width = self.legend.sizeHint().width()
        self.notice.setFixedWidth(width)
        short = self.side.page_minimum(width)[1] > self.side.height()
        self.side.setFixedWidth(width + (self.side.verticalScrollBar().sizeHint().width() if short else 0))
        self.hits.setGeometry(max(w - 520, 10), 0, min(510, w - 20), min(260, h // 2))

    def eventFilter(self, watched: Any, event: QEvent) -> bool:
        if watched is self.surface and event.type() == QEvent.Type.Resize:
            self._place_overlays()
        return super().eventFilter(watched, event)

    def set_on_screen(self, on_screen: bool) -> None:
        """The main window says whether the map can be seen (a covered dock tab is "visible" to Qt)."""
        self._on_screen = on_screen
        if on_screen:
            self._mark_dirty()

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        self._place_overlays()
        self._mark_dirty()  # changes that came while hidden are drawn on the next frame

    def retranslate(self) -> None:
        self.title.setText(self.tr("Grid map"))
        self.search_box.setPlaceholderText(self.tr("Search: grid code or name, address, building, ticket id"))
        self.follow_box.setText(self.tr("Follow alarms"))
        self.scene.detail_formats = {"open": self.tr("%1 open"), "overdue": self.tr("%1 overdue"),
                                     "density": self.tr("%1 /km²")}
        self._mark_dirty()
        self.label_warmer.restart()
        self._update_notice()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "notice"):
            self.retranslate()
        super().changeEvent(event)
