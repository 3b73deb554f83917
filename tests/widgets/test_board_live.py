"""End to end: the board and the dispatch panel against the real backend on loopback.

The platform runs in an asyncio loop on a background thread; each console is the real core
(Connection + Feed + Store + Session + Operations) drained onto the UI thread by FeedBridge,
exactly as the app wires it. A second console (the leader) plays "another client".
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from console.connection import Backoff, Connection, Credentials  # noqa: E402
from console.feed import Feed  # noqa: E402
from console.operations import Operations  # noqa: E402
from console.session import Session  # noqa: E402
from console.store import Store  # noqa: E402
from tests.widgets.live_server import serve_copy
from tests.backend.small_street import GRID_A, GRID_B, build  # noqa: E402
from tests.widgets.board_fixtures import send_drop  # noqa: E402
from widgets.bridge import FeedBridge  # noqa: E402
from widgets.dispatch_panel import DispatchPanel  # noqa: E402
from widgets.ticket_board import TicketBoard  # noqa: E402

pytestmark = pytest.mark.usefixtures("chinese")  # the default language: the labels checked are Chinese

WAIT_MS = 10_000
IN_GRID_A = {"lat": 37.05, "lon": 117.05}


@pytest.fixture(scope="module")
def street(tmp_path_factory):
    path = tmp_path_factory.mktemp("board-live") / "small.db"
    return path, build(f"sqlite:///{path}")


@pytest.fixture
def live_server(street, tmp_path):
    """The real platform on 127.0.0.1, served from its own asyncio loop thread."""
    with serve_copy(*street, tmp_path, "test-backend") as server:
        yield server


class Client:
    """One console core, drained onto the UI thread every frame like the app does."""

    def __init__(self, url: str, token: str) -> None:
        self.feed, self.store, self.session = Feed(), Store(), Session()
        self.conn = Connection(url, Credentials(token), self.feed, backoff=Backoff(0.05, 0.2, jitter=0.0))
        self.ops = Operations(self.store, self.conn, self.session)
        self.bridge = FeedBridge(self.feed, self.store, self.ops, self.session)
        self.replies: dict[str, tuple[bool, object]] = {}
        self.ops.sig_succeeded.connect(lambda op, data: self.replies.__setitem__(op.request_id, (True, data)))
        self.ops.sig_failed.connect(lambda op, code, msg, data: self.replies.__setitem__(op.request_id, (False, msg)))
        self.conn.start()
        self.bridge.start()

    def ticket(self, tid: str) -> dict:
        return self.store.get("ticket", tid) or {}

    def do(self, qtbot, op) -> object:
        """Wait for the reply of `op`; returns its data (fails the test on a refusal)."""
        assert op.refused is None, op
        qtbot.waitUntil(lambda: op.request_id in self.replies, timeout=WAIT_MS)
        ok, data = self.replies[op.request_id]
        assert ok, data
        return data

    def close(self) -> None:
        self.bridge.stop()
        self.conn.stop()


@pytest.fixture
def consoles(live_server, qtbot):
    made: list[Client] = []

    def make(user: str) -> Client:
        c = Client(live_server.ws_url, live_server.tokens[user])
        made.append(c)
        qtbot.waitUntil(lambda: c.store.status.state == "live" and c.session.signed_in, timeout=WAIT_MS)
        return c

    yield make
    for c in made:
        c.close()


@pytest.fixture
def mine(consoles, qtbot):
    """The dispatcher's wall: an admin console with the board and the dispatch panel."""
    c = consoles("admin")
    c.board = TicketBoard(c.store, c.ops, c.session)
    c.panel = DispatchPanel(c.store, c.ops, c.session)
    c.board.actions.ask_text = lambda title, label: "现场已处理完毕"
    for w in (c.board, c.panel):
        qtbot.addWidget(w)
        w.resize(1400, 800)
        w.show()
    return c


def create(qtbot, other: Client, title: str) -> str:
    data = other.do(qtbot, other.ops.create_ticket(category="city_appearance", title=title, location=IN_GRID_A,
                                                    source="resident_app"))
    return data["ticket"]["id"]


def test_a_live_event_from_another_client_moves_the_card(mine, consoles, qtbot):
    other = consoles("leader")
    tid = create(qtbot, other, "井盖缺失")
    qtbot.waitUntil(lambda: mine.board.model.column_of_id(tid) == "reported", timeout=WAIT_MS)
    src, dst = mine.board.model.columns["reported"], mine.board.model.columns["accepted"]
    seen: list[str] = []
    src.rowsRemoved.connect(lambda *a: seen.append("removed"))
    dst.rowsInserted.connect(lambda *a: seen.append("inserted"))
    for m in (src, dst):
        m.modelReset.connect(lambda: seen.append("reset"))
    other.do(qtbot, other.ops.transition(tid, "accept"))
    qtbot.waitUntil(lambda: mine.board.model.column_of_id(tid) == "accepted", timeout=WAIT_MS)
    assert seen == ["removed", "inserted"]
    assert mine.board.headers["accepted"].text().startswith("待派遣  1")


def test_a_drop_on_a_grid_sends_ticket_assign_and_the_card_lands_after_the_reply(mine, consoles, qtbot):
    other = consoles("leader")
    tid = create(qtbot, other, "违规广告牌")
    other.do(qtbot, other.ops.transition(tid, "accept"))
    qtbot.waitUntil(lambda: mine.ticket(tid).get("status") == "accepted", timeout=WAIT_MS)
    tree, model = mine.panel.tree, mine.panel.model
    target = model.index_of("region", GRID_B)[0]
    tree.scrollTo(target)
    assert send_drop(tree.viewport(), tid, "accepted", tree.visualRect(target).center())
    [op] = [o for o in mine.ops.pending.values() if o.entity_id == tid]
    assert op.name == "ticket.assign"
    # Shown at once as it will most likely be, marked pending until the server answers.
    assert mine.board.model.column_of_id(tid) == "handling" and mine.store.pending("ticket", tid)
    mine.do(qtbot, op)
    confirmed = mine.store.confirmed("ticket", tid)
    assert not mine.store.pending("ticket", tid) and mine.board.model.column_of_id(tid) == "handling"
    assert (confirmed["status"], confirmed["region_id"], confirmed["assignee_id"]) == ("dispatched", GRID_B, "P-HEAD-B")
    loads = {model.node(i).id: model.load_of(model.node(i)) for i in model.index_of("region", GRID_B)}
    assert loads == {GRID_B: 1}


def test_a_conflict_puts_the_card_back_and_says_who_did_what(mine, consoles, qtbot):
    other = consoles("leader")
    tid = create(qtbot, other, "楼道堆物")
    for op in (lambda: other.ops.transition(tid, "accept"), lambda: other.ops.assign(tid, region_id=GRID_A),
               lambda: other.ops.transition(tid, "start")):
        other.do(qtbot, op())
    qtbot.waitUntil(lambda: mine.ticket(tid).get("status") == "in_progress", timeout=WAIT_MS)
    assert mine.board.model.column_of_id(tid) == "handling"

    mine.bridge.stop()  # our wall has not heard the news yet: its version is stale
    other.do(qtbot, other.ops.escalate(tid, "需社区协调"))
    assert send_drop(mine.board.views["feedback"].viewport(), tid, "handling")  # feedback, asks for the result
    assert mine.board.model.column_of_id(tid) == "feedback"  # optimistic
    mine.bridge.start()
    qtbot.waitUntil(lambda: not mine.store.pending("ticket", tid), timeout=WAIT_MS)
    assert mine.board.model.column_of_id(tid) == "handling"  # back where the server says it is
    assert mine.ticket(tid)["status"] == "dispatched" and mine.ticket(tid)["level"] == 2
    assert mine.board.banner.isVisible()
    assert "李街长" in mine.board.banner.text() and "escalate" in mine.board.banner.text()
