"""place.search: compounds and buildings for the map search, ranked, over the real hub."""

from __future__ import annotations

import pytest

from backend import places
from backend.db import Database
from backend.db.models_people import Building, Compound
from backend.server import Server, ServeOptions

from .small_street import GRID_A, GRID_B
from .wsclient import Client


@pytest.fixture
def two_compounds(small_db):
    url, tokens = small_db
    db = Database(url)
    with db.session() as s:  # a second compound with a 3号楼 and a 13号楼, in the other grid
        s.add(Compound(id="C-2", name="和平小区", region_id=GRID_B, address="和平路8号"))
        s.flush()
        for number, lat in (("3", 37.051), ("13", 37.052)):
            s.add(Building(id=f"B-2-{number}", compound_id="C-2", region_id=GRID_B, number=number,
                           address=f"和平路8号和平小区{number}号楼", floors=6, units=2, lat=lat, lon=117.15))
    db.dispose()
    return url, tokens


def _found(url: str, query: str, limit: int = 20) -> list[tuple[str, str, str]]:
    db = Database(url)
    with db.sessions() as s:
        out = places.search(s, query, limit)["places"]
    db.dispose()
    return [(p["kind"], p["id"], p["region_id"]) for p in out]


def test_a_building_is_found_by_compound_and_number_and_placed_on_the_map(two_compounds):
    url, _ = two_compounds
    assert _found(url, "和平小区3号楼") == [("building", "B-2-3", GRID_B)]
    db = Database(url)
    with db.sessions() as s:
        hit = places.search(s, "和平小区3号楼")["places"][0]
    assert (hit["lat"], hit["lon"], hit["name"]) == (37.051, 117.15, "和平小区3号楼")


def test_exact_number_ranks_before_substrings_and_compounds_before_their_buildings(two_compounds):
    url, _ = two_compounds
    hits = _found(url, "3号楼")
    assert hits[0] == ("building", "B-2-3", GRID_B)  # exactly "3号楼"; 13号楼 only contains it
    assert ("building", "B-2-13", GRID_B) in hits[1:]
    by_address = _found(url, "和平路8号")
    assert by_address[0] == ("compound", "C-2", GRID_B)  # the compound first, then its buildings
    assert {h[1] for h in by_address[1:]} == {"B-2-3", "B-2-13"}


def test_a_compound_sits_at_the_mean_of_its_buildings(two_compounds):
    url, _ = two_compounds
    db = Database(url)
    with db.sessions() as s:
        hit = places.search(s, "和平小区")["places"][0]
    assert hit["kind"] == "compound" and hit["lat"] == pytest.approx(37.0515) and hit["lon"] == pytest.approx(117.15)


def test_nothing_found_is_an_empty_list_and_limit_holds(two_compounds):
    url, _ = two_compounds
    assert _found(url, "不存在的地方") == []
    assert len(_found(url, "号", limit=2)) == 2


@pytest.fixture
async def server(two_compounds):
    url, tokens = two_compounds
    srv = Server(ServeOptions(db_url=url, port=0, sweep_seconds=3600))
    await srv.start()
    srv.ws_url, srv.tokens = f"ws://127.0.0.1:{srv.hub.port}/ws", tokens
    yield srv
    await srv.stop()


async def test_place_search_over_the_wire_for_every_role_and_bad_args(server):
    c = await Client.open(server.ws_url, server.tokens["gw-a"])  # the least privileged role may search places
    welcome, _, _ = await c.welcome_and_state()
    assert "place.search" in welcome["permissions"]
    r = await c.request("place.search", {"query": "幸福路1号1号楼"})
    assert r["ok"] and [(p["kind"], p["id"], p["region_id"]) for p in r["data"]["places"]] == [
        ("building", "B-1", GRID_A)]
    for bad in ({"query": "   "}, {"query": "x" * 101}, {"query": "幸福", "limit": 0}, {}):
        r = await c.request("place.search", bad)
        assert not r["ok"] and r["error"]["code"] == "invalid", bad
    await c.close()
