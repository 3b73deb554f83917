"""The map scene (budget, colouring, highlight), search and follow mode, over a real Store."""

from __future__ import annotations

import math
import random

import pytest

from backend import geo
from console.coords import wgs84_to_gcj02
from console.map_follow import FollowPolicy, targets
from console.map_layers import FRAME_HOLD_IN_STEPS, MapScene, legend, tone_for
from console.map_lod import ITEM_BUDGET, Viewport, bbox_intersects
from console.map_search import locate, merged, place_hits, search
from console.map_stats import region_summary
from console.store import Change
from tests.widgets.board_fixtures import Ev
from tests.widgets.test_map_support import demo_geography, demo_regions, demo_store


def whole_street(zoom=15.2):
    return Viewport(37.309, 117.157, zoom, 1600, 900)


@pytest.fixture(scope="module")
def store():
    return demo_store()


def test_the_demo_street_draws_its_grids_with_labels_and_markers(store):
    frame = MapScene(store).compute(whole_street())
    assert frame.level == 3
    assert {p.region_id for p in frame.polygons} == {g.id for g in demo_geography().grids}
    assert {a.text for a in frame.labels} >= {"第一网格", "第二网格"}  # the community's name is left out
    assert sum(m.count for m in frame.markers["tickets"]) == store.count("ticket")
    assert [m.entity_id for m in frame.markers["alarms"]] == ["A-1"]
    assert [(m.entity_id, m.state) for m in frame.markers["gates"]] == [("GATE-01", "online")]
    assert [(m.entity_id, m.state) for m in frame.markers["party"]] == [(f"PO-{demo_geography().grids[1].id}", "branch")]
    assert frame.markers["alarms"][0].state == "active"  # pulses in QML until acknowledged


def test_a_grid_name_every_community_has_says_its_community_on_the_label(store):
    frame = MapScene(store).compute(whole_street())
    regions = {r["id"]: r for r in store.all("region")}
    firsts = [a for a in frame.labels if a.text == "第一网格"]
    assert len(firsts) >= 2  # the demo's communities each have a 第一网格
    for label in firsts:
        community = regions[regions[label.region_id]["parent_id"]]["name"]
        assert label.detail.startswith(f"{community} · "), label.detail  # then the value behind the colour
    assert len({a.detail.split(" · ")[0] for a in firsts}) == len(firsts)  # told apart
    unique = MapScene(thousand_grids_store()).compute(Viewport(37.309, 117.157, 17.5, 1600, 900))
    assert unique.labels and all(" · " not in a.detail for a in unique.labels)  # names that say it all stay short


def thousand_grids_store():
    """The demo street tiled by 40 × 25 grids, with 10,000 open tickets over it."""
    rng = random.Random(2)
    regions = demo_regions()
    street = next(r for r in regions if r["level"] == 1)
    lon0, lat0, lon1, lat1 = geo.bbox(street["polygon"])
    comm = [r for r in regions if r["level"] == 2][0]["id"]
    w, h = (lon1 - lon0) / 40, (lat1 - lat0) / 25
    grids = [{"id": f"X{i}-{j}", "level": 3, "parent_id": comm, "name": f"网格{i}-{j}",
              "polygon": geo.polygon([(lon0 + i * w, lat0 + j * h), (lon0 + (i + 1) * w, lat0 + j * h),
                                      (lon0 + (i + 1) * w, lat0 + (j + 1) * h), (lon0 + i * w, lat0 + (j + 1) * h)])}
             for i in range(40) for j in range(25)]
    tickets = [{"id": f"T{k}", "status": "dispatched", "region_id": grids[k % 1000]["id"],
                "sla_state": rng.choice(["ok", "at_risk", "overdue"]),
                "location": {"lat": rng.uniform(lat0, lat1), "lon": rng.uniform(lon0, lon1)}} for k in range(10_000)]
    from console.store import Store
    s = Store()
    s.load(1, {"region": [r for r in regions if r["level"] <= 2] + grids, "ticket": tickets})
    return s


def test_ten_thousand_tickets_and_a_thousand_grids_stay_within_the_item_budget():
    scene = MapScene(thousand_grids_store())
    for zoom in (14, 15.2, 16.5, 17.5, 18):
        for dx in (0, 300, 900):  # the cover's extra items count against the budget too
            frame = scene.compute(Viewport(37.309, 117.157 + dx / (256 * 2 ** zoom) * 360, zoom, 1600, 900))
            assert frame.item_count <= ITEM_BUDGET, (zoom, dx)
    assert scene.compute(whole_street(15.2)).level == 2  # 1,000 grids do not fit: communities instead
    assert scene.compute(whole_street(17.5)).level == 3


def pan(view, dx_px, dy_px=0.0):
    lon, lat = view.lonlat_at(view.width / 2 + dx_px, view.height / 2 + dy_px)
    return Viewport(lat, lon, view.zoom, view.width, view.height)


def needed(scene, view, level=3):
    """The grids a view must show: every one within the 64 px drawing margin."""
    box = view.lonlat_bounds(margin_px=64)
    return {s.id for s in scene.regions.by_level[level] if bbox_intersects(s.bbox, box)}


def test_a_pan_within_the_cover_reuses_the_frame_and_one_beyond_it_brings_what_comes_into_view():
    scene = MapScene(thousand_grids_store())
    view = whole_street(17.5)
    first = scene.compute(view)
    assert first.level == 3 and first.cover is not None and first.covers(view)
    assert first.item_count <= ITEM_BUDGET
    drawn = {p.region_id for p in first.polygons}
    assert needed(scene, view) < drawn  # and more: grids beyond the edges, within the budgets
    assert {a.region_id for a in first.labels} <= drawn
    for dx, dy in ((40, 0), (-50, 20), (0, -40)):  # brisk drag steps: the budget leaves ~120 px here
        moved = pan(view, dx, dy)
        assert scene.compute(moved) is first, (dx, dy)  # nothing to do for the view's models
        assert needed(scene, moved) <= drawn, (dx, dy)
    far = pan(view, 1500)
    assert not first.covers(far)
    again = scene.compute(far)
    assert again is not first and again.covers(far)
    assert needed(scene, far) <= {p.region_id for p in again.polygons}
    assert scene.frames_reused == 3
    # Zoomed out to the whole street (communities, clustered tickets) everything near fits: a pan
    # of half the view changes nothing.
    street = scene.compute(whole_street(15.2))
    assert street.level == 2 and street.item_count <= ITEM_BUDGET
    assert scene.compute(pan(whole_street(15.2), 600, 100)) is street


def test_drawn_outlines_leave_out_the_vertices_on_their_edges():
    # The bench's grids have five vertices per side (like boundaries that follow streets): drawn as
    # squares, with the same corners.
    scene = MapScene(thousand_grids_store())
    frame = scene.compute(whole_street(17.5))
    grids = [p for p in frame.polygons if p.level == 3]
    assert grids and all(len(p.path) == 4 for p in grids)
    corners = {(round(lat, 9), round(lon, 9)) for lat, lon in scene.display_rings(grids[0].region_id)[0]}
    assert {(round(lat, 9), round(lon, 9)) for lat, lon in grids[0].path} <= corners


def test_a_brisk_pan_reuses_most_frames_at_every_zoom_even_where_the_tickets_fill_their_share():
    # 10,000 tickets fill the ticket layer's share of the budget within the view at many zooms.
    # Clustered only to fit the view, the frame could hold no ticket beyond it, had no cover, and
    # every pan frame was computed and re-bound anew (5 of 20 reused at zoom 18.75).
    store = thousand_grids_store()
    for zoom in [16.0 + 0.25 * k for k in range(13)]:
        scene = MapScene(store)
        view = whole_street(zoom)
        assert scene.compute(view).cover is not None, zoom
        for _ in range(20):
            view = pan(view, 40)
            scene.compute(view)
        assert scene.frames_reused >= 12, (zoom, scene.frames_reused)


def test_a_frame_recomputed_after_a_pan_keeps_the_drawn_shapes_still_in_reach():
    scene = MapScene(thousand_grids_store())
    view = whole_street(17.5)
    first = scene.compute(view)
    far = pan(view, 700)
    second = scene.compute(far)
    assert second is not first
    before = {p.key: p for p in first.polygons}
    kept = [p for p in second.polygons if p.key in before]
    assert kept and all(p is before[p.key] for p in kept)  # the same objects: the models compare nothing
    labels = {a.key: a for a in first.labels}
    assert all(a is labels[a.key] for a in second.labels if a.key in labels)
    markers = {m.key: m for m in first.markers["tickets"]}
    kept_markers = [m for m in second.markers["tickets"] if m.key in markers]
    assert kept_markers and all(m is markers[m.key] for m in kept_markers)
    # What the shapes show changed (a ticket of a drawn grid closed): they are drawn anew
    shown = {p.region_id: p for p in second.polygons}
    ticket = next(t for t in scene.store.all("ticket") if t["region_id"] in shown)
    closed = dict(ticket, status="closed")
    scene.apply(scene.store.apply([Ev(scene.store.seq + 1, "ticket", "upsert", ticket["id"], closed)]))
    third = scene.compute(far)
    assert third is not second and not any(p is shown.get(p.region_id) for p in third.polygons)
    assert next(p.value for p in third.polygons if p.region_id == ticket["region_id"]) == \
        shown[ticket["region_id"]].value - 1
    # ... and so are the markers (a closed ticket leaves its cluster)
    drawn_markers = {m.key: m for m in second.markers["tickets"]}
    assert third.markers["tickets"] and not any(m is drawn_markers.get(m.key) for m in third.markers["tickets"])


def test_a_changed_setting_or_store_batch_never_reuses_the_frame(store):
    scene = MapScene(store)
    view = whole_street()
    first = scene.compute(view)
    assert scene.compute(view) is first
    scene.highlight = ("region", demo_geography().grids[0].id)
    second = scene.compute(view)
    assert second is not first and any(p.highlighted for p in second.polygons)
    scene.colour_by = "overdue"
    third = scene.compute(view)
    assert third is not second
    scene.layers["tickets"] = False
    fourth = scene.compute(view)
    assert fourth is not third and fourth.markers["tickets"] == []
    scene.layers["tickets"] = True
    ticket = dict(store.all("ticket")[0], sla_state="overdue")
    changes = store.apply([Ev(store.seq + 1, "ticket", "upsert", ticket["id"], ticket)])
    assert scene.apply(changes)
    assert scene.compute(view) is not fourth
    # a zoom into the next half-level step re-forms clusters and labels: a new frame
    assert scene.compute(Viewport(view.lat, view.lon, math.floor(view.zoom * 2) / 2 + 0.5, 1600, 900)) is not fourth


def test_micro_grids_are_drawn_over_their_grids_unless_the_grid_layer_is_off(store):
    scene = MapScene(store)
    micro = next(r for r in store.all("region") if r["level"] == 4)
    view = Viewport(micro["centroid"]["lat"], micro["centroid"]["lon"], 18.3, 1600, 900)
    frame = scene.compute(view)
    assert frame.level == 4 and frame.context_level == 3 and frame.levels == (4, 3)
    grids = {p.region_id for p in frame.polygons if p.level == 3}
    assert micro["parent_id"] in grids and any(p.level == 4 for p in frame.polygons)
    assert frame.item_count <= ITEM_BUDGET
    scene.layers["level3"] = False
    alone = scene.compute(view)
    assert alone.context_level is None and {p.level for p in alone.polygons} == {4}


def test_a_zoom_in_under_way_keeps_its_whole_frame_until_it_settles():
    scene = MapScene(thousand_grids_store())
    start = whole_street(16.1)
    first = scene.compute(start)
    clusters = {m.key for m in first.markers["tickets"] if m.count > 1}
    assert clusters
    scene.zoom_moving = True
    half_step_on = Viewport(start.lat, start.lon, 16.6, 1600, 900)  # the next half-level step
    assert scene.compute(half_step_on) is first  # outlines, labels, clusters: nothing re-bound
    scene.zoom_moving = False  # settled: the step's own clusters
    settled = scene.compute(half_step_on)
    assert settled is not first and not {m.key for m in settled.markers["tickets"] if m.count > 1} & clusters
    # A zoom in that goes on past FRAME_HOLD_IN_STEPS half steps re-forms on the way
    scene.zoom_moving = True
    held = scene.compute(Viewport(start.lat, start.lon, 16.5 + FRAME_HOLD_IN_STEPS * 0.5, 1600, 900))
    assert held is settled
    far = scene.compute(Viewport(start.lat, start.lon, 17.1 + FRAME_HOLD_IN_STEPS * 0.5, 1600, 900))
    assert not {m.key for m in far.markers["tickets"] if m.count > 1} & {m.key for m in settled.markers["tickets"]}
    assert far.item_count <= ITEM_BUDGET


def test_a_zoom_in_switches_level_once_it_settles():
    scene = MapScene(thousand_grids_store())
    street = whole_street(15.2)
    first = scene.compute(street)
    assert first.level == 2
    scene.zoom_moving = True
    closer = Viewport(street.lat, street.lon, 17.2, 1600, 900)
    assert scene.compute(closer) is first  # still the communities while the wheel turns
    scene.zoom_moving = False
    grids = scene.compute(closer)
    assert grids.level == 3 and grids.item_count <= ITEM_BUDGET
    assert needed(scene, closer) <= {p.region_id for p in grids.polygons}


def test_a_zoom_out_under_way_keeps_its_frame_while_its_cover_holds_the_view():
    # The canvas hides the held frame's labels meanwhile (console.map_canvas.labels_fit)
    scene = MapScene(thousand_grids_store())
    start = whole_street(15.7)
    first = scene.compute(start)
    assert first.cover is not None and first.step == 15.5
    scene.zoom_moving = True
    for zoom in (15.6, 15.2, 14.9):
        view = Viewport(start.lat, start.lon, zoom, 1600, 900)
        assert first.covers(view) and scene.compute(view) is first
    # a level out at most (FRAME_HOLD_OUT_STEPS), then a frame of its own, the clusters still kept
    beyond = scene.compute(Viewport(start.lat, start.lon, 14.4, 1600, 900))
    assert beyond is not first and beyond.step == 14.0
    scene.zoom_moving = False  # settled: the step's own frame, its labels laid out for it
    settled = scene.compute(Viewport(start.lat, start.lon, 14.9, 1600, 900))
    assert settled is not first and settled is not beyond and settled.step == 14.5


def test_a_zoom_out_under_way_re_forms_its_frame_where_its_cover_ends_but_keeps_its_clusters():
    # A frame at grid zoom holds little beyond the view (the budget): the view soon leaves its cover
    scene = MapScene(thousand_grids_store())
    start = whole_street(17.1)
    first = scene.compute(start)
    clusters = {m.key for m in first.markers["tickets"] if m.count > 1}
    scene.zoom_moving = True
    out = scene.compute(Viewport(start.lat, start.lon, 16.6, 1600, 900))
    assert out is not first
    assert {m.key for m in out.markers["tickets"] if m.count > 1} & clusters  # CLUSTER_HOLD_STEPS
    assert out.item_count <= ITEM_BUDGET


def test_grid_colouring_follows_tickets_live(store):
    scene = MapScene(store)
    grid = demo_geography().grids[5].id
    before = next(p for p in scene.compute(whole_street()).polygons if p.region_id == grid).value
    extra = [{"id": f"T-NEW-{i}", "status": "accepted", "region_id": grid, "sla_state": "overdue",
              "location": None} for i in range(12)]
    changes = store.apply([Ev(store.seq + 1 + i, "ticket", "upsert", t["id"], t) for i, t in enumerate(extra)])
    assert scene.apply(changes)
    poly = next(p for p in scene.compute(whole_street()).polygons if p.region_id == grid)
    assert poly.value == before + 12 and poly.tone == tone_for("open", before + 12, 3) == "q4"
    scene.colour_by = "overdue"
    assert next(p for p in scene.compute(whole_street()).polygons if p.region_id == grid).tone == "overdue"
    store.apply([Ev(store.seq + 1 + i, "ticket", "remove", t["id"], None) for i, t in enumerate(extra)])


def test_legends_name_their_ranges():
    assert legend("open", 3) == [("q0", "0"), ("q1", "1–2"), ("q2", "3–5"), ("q3", "6–10"), ("q4", "≥ 11")]
    assert legend("open", 2)[1] == ("q1", "1–10")  # a community holds more: the scale grows
    assert legend("density", 3)[0] == ("q0", "< 2,000")
    assert tone_for("density", 25_000, 3) == "q4"


def test_switching_layers_off_removes_their_items(store):
    scene = MapScene(store)
    scene.layers.update(tickets=False, cameras=False, level3=False, party=False, gates=False)
    frame = scene.compute(whole_street())
    assert frame.markers["tickets"] == [] and frame.markers["cameras"] == [] and frame.level == 2
    assert frame.markers["party"] == [] and frame.markers["gates"] == [] and frame.markers["alarms"]


def test_gcj02_display_shifts_every_drawn_position(store):
    plain = MapScene(store).compute(whole_street())
    shifted = MapScene(store, wgs84_to_gcj02).compute(whole_street())
    a = next(m for m in plain.markers["alarms"])
    b = next(m for m in shifted.markers["alarms"])
    assert (b.lon, b.lat) == pytest.approx(wgs84_to_gcj02(a.lon, a.lat))


def test_grid_card_summary_rolls_up_and_keeps_phones_as_sent(store):
    scene = MapScene(store)
    grid = demo_geography().grids[0]
    s = region_summary(store, grid.id, scene.regions, scene.tally)
    assert s["code"] == grid.id and s["level"] == 3 and s["head"]["phone"] == "138****0000"
    assert [w["name"] for w in s["workers"]] == ["网格员1"] and s["cameras"] == 1
    community = region_summary(store, grid.parent_id, scene.regions, scene.tally)
    assert community["open"] >= s["open"] and community["cameras"] > 1


def test_search_finds_grids_by_code_and_name_tickets_by_id_and_address(store):
    grid = demo_geography().grids[3]
    assert search(store, grid.id)[0].id == grid.id
    by_name = search(store, grid.name)
    assert by_name[0].kind == "region" and by_name[0].id == grid.id and by_name[0].bbox is not None
    ticket = store.all("ticket")[0]
    assert search(store, ticket["id"])[0].id == ticket["id"]
    assert search(store, ticket["address"])[0].id == ticket["id"]
    assert search(store, "  ") == [] and search(store, "不存在的地方") == []
    assert locate(store, "camera", "CAM-001").kind == "camera" and locate(store, "camera", "nope") is None



def test_places_from_the_server_join_the_local_hits_by_rank(store):
    grid = next(r for r in demo_regions() if r["level"] == 3)
    local = search(store, grid["name"])
    places = place_hits([
        {"kind": "building", "id": "B-9", "name": "幸福里小区3号楼", "address": "月湖街240号", "lat": 37.3, "lon": 117.1,
         "rank": 0},
        {"kind": "compound", "id": "C-9", "name": "幸福里小区", "address": "月湖街240号", "lat": 37.3, "lon": 117.1,
         "rank": 2},
        {"kind": "building", "id": "B-0", "name": "无坐标", "address": "", "lat": None, "lon": None, "rank": 0}])
    assert [(h.kind, h.id) for h in places] == [("building", "B-9"), ("compound", "C-9")]  # no position: left out
    assert places[0].label == "楼栋 幸福里小区3号楼 · 月湖街240号" and places[0].bbox is None
    both = merged(local, places)
    assert set(both) == set(local + places)
    assert [h.rank for h in both] == sorted(h.rank for h in both)
    assert merged([], places, limit=1) == [places[0]]
    tie = places[0].__class__("region", "R", "r", 0, 0, None, places[0].rank)
    assert merged([tie], [places[0]])[0] is tie  # the live entity wins a tie

def test_follow_picks_new_alarms_and_urgent_tickets_then_returns():
    alarm = {"id": "A9", "status": "active", "location": {"lat": 37.3, "lon": 117.1}}
    urgent = {"id": "T9", "status": "reported", "priority": "urgent", "location": {"lat": 37.31, "lon": 117.2}}
    normal = {"id": "T8", "status": "reported", "priority": "normal", "location": {"lat": 37.31, "lon": 117.2}}
    acked = dict(alarm, status="acknowledged")
    assert [t.id for t in targets([Change("ticket", "T8", None, normal), Change("ticket", "T9", None, urgent),
                                   Change("alarm", "A9", None, alarm)])] == ["A9", "T9"]
    assert targets([Change("alarm", "A9", alarm, acked), Change("ticket", "T9", urgent, urgent)]) == []
    policy = FollowPolicy(return_after_s=10)
    assert policy.on_changes([Change("alarm", "A9", None, alarm)], 0.0, "home") is None  # off by default
    policy.set(True, 10)
    assert policy.on_changes([Change("alarm", "A9", None, alarm)], 0.0, "home").id == "A9"
    assert policy.on_changes([Change("ticket", "T9", None, urgent)], 5.0, "at A9").id == "T9"
    assert policy.due_return(14.0) is None  # the second target restarted the countdown
    assert policy.due_return(15.0) == "home" and policy.due_return(30.0) is None
