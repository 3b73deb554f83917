"""The single writer: group commits, one failing job rolls back alone, seq strictly consecutive."""

import json
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from backend.db import Database
from backend.db.models import AuditRecord, EventLog, Staff
from backend.notify import LogFileNotifier
from backend.platform import Platform
from backend.tickets import Actor
from backend.writer import OpError, Writer
from console import protocol_args as pa

from .small_street import GRID_A, GRID_B


def rename(staff_id: str, name: str, fail: bool = False):
    def job(tx):
        s = tx.session.get(Staff, staff_id)
        s.name = name
        s.version += 1
        tx.emit("staff", "upsert", staff_id, {"id": staff_id, "name": name})
        tx.audit("staff.rename", "staff", staff_id, name=name)
        if fail:
            raise OpError("invalid", "refused after writing")
        return {"name": name}

    return job


def test_burst_is_grouped_and_a_failing_job_leaves_no_trace(small_db):
    url, _ = small_db
    db = Database(url)
    published = []
    w = Writer(db, published.extend, group_budget=60.0)  # grouping by count only: the gate's wait is long
    gate = threading.Event()
    w.submit(lambda tx: gate.wait(5) and {})  # hold the writer so the burst queues up behind it
    w.start()
    futures = [w.submit(rename("P-HEAD-A", f"name-{i}", fail=(i == 7))) for i in range(50)]
    gate.set()
    results = [f.result(10) for f in futures]
    w.stop()
    assert [r.ok for r in results].count(False) == 1 and results[7].error["code"] == "invalid"
    assert w.commits <= 3  # 51 jobs, a handful of transactions
    assert w.retried_groups == 1  # only the group holding the failing job ran again, job by job
    seqs = [p.seq for p in published]
    assert seqs == list(range(1, 50))  # 49 successful events, consecutive, no hole for the failed one
    assert all(r.data["seq"] == p.seq for r, p in zip([r for r in results if r.ok], published))
    with db.sessions() as s:
        assert s.scalar(select(func.count()).select_from(EventLog)) == 49
        assert s.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.detail["name"].as_string() == "name-7")) == 0
        assert s.get(Staff, "P-HEAD-A").name == "name-49"


@pytest.mark.parametrize("budget, fewest, most", [(0.02, 6, 2), (60.0, 1, 12)])
def test_a_group_takes_no_more_jobs_once_it_ran_its_time_budget(small_db, budget, fewest, most):
    url, _ = small_db
    sizes = []
    w = Writer(Database(url), lambda evs: sizes.append(len(evs)), group_budget=budget)

    def slow(i):
        def job(tx):
            time.sleep(0.012)  # two of these exceed a 20 ms budget
            return rename("P-HEAD-A", f"slow-{i}")(tx)
        return job

    futures = [w.submit(slow(i)) for i in range(12)]  # all queued before the thread starts
    w.start()
    assert all(f.result(10).ok for f in futures)
    w.stop()
    # events of one commit group arrive together: 12 jobs of >= 12 ms in groups of <= 20 ms run
    assert sum(sizes) == 12 and len(sizes) >= fewest and max(sizes) <= most


def test_unexpected_exception_in_a_job_is_an_internal_error_not_a_crash(small_db):
    url, _ = small_db
    w = Writer(Database(url), lambda evs: None)
    w.start()
    bad = w.submit(lambda tx: 1 / 0).result(5)
    good = w.submit(rename("P-SEC", "still works")).result(5)
    w.stop()
    assert bad.error["code"] == "internal" and "ZeroDivisionError" in bad.error["message"]
    assert good.ok


def test_overdue_sweep_updates_sla_and_notifies_once(small_db, tmp_path):
    url, _ = small_db
    clock = {"now": None}
    from .small_street import NOW

    clock["now"] = NOW
    log_path = tmp_path / "notify.log"
    p = Platform(Database(url), clock=lambda: clock["now"], notifier=LogFileNotifier(log_path))
    p.start()
    duty = Actor("U-duty", "duty")
    created = p.writer.submit(p.create_job(duty, pa.TicketCreate(
        category="emergency", title="燃气泄漏", location=pa.LatLon(37.05, 117.05)))).result(5)
    assert created.ok, created
    clock["now"] = NOW + timedelta(hours=6)  # far past every emergency limit
    first = p.writer.submit(p.sweep_job()).result(5)
    second = p.writer.submit(p.sweep_job()).result(5)
    p.stop()
    assert first.data["changed"] == 1 and second.data["changed"] == 0
    notes = [json.loads(line) for line in log_path.read_text().splitlines()]
    overdue = [n for n in notes if n["kind"] == "overdue"]
    assert len(overdue) == 1 and overdue[0]["ticket_id"] == created.data["ticket"]["id"]
    assert overdue[0]["region_id"] == GRID_A


def test_same_request_id_twice_in_one_group_runs_once(small_db):
    url, _ = small_db
    db = Database(url)
    published = []
    w = Writer(db, published.extend, group_budget=60.0)  # one group however long the gate is held
    gate = threading.Event()
    w.submit(lambda tx: gate.wait(5) and {})
    w.start()
    a = w.submit(rename("P-SEC", "once"), "U-1", "dup-id")
    b = w.submit(rename("P-SEC", "twice"), "U-1", "dup-id")
    gate.set()
    ra, rb = a.result(5), b.result(5)
    w.stop()
    assert ra.ok and rb.ok and rb.data == ra.data and rb.replayed
    assert len(published) == 1
    with db.sessions() as s:
        assert s.get(Staff, "P-SEC").name == "once"


def test_a_second_process_can_write_while_the_writer_is_busy(small_db, tmp_path):
    """`python -m backend user token` against a serving database must wait its turn, not fail."""
    import subprocess
    import sys

    url, _ = small_db
    db = Database(url)
    if not db.is_sqlite:
        return  # PostgreSQL locks rows, not the file: nothing to show here
    w = Writer(db, lambda evs: None)
    w.start()
    hold = threading.Event()

    def slow(tx):  # keeps the write lock for a while, as a large group commit does
        tx.session.get(Staff, "P-SEC").name = "busy"
        tx.session.flush()
        hold.wait(1.5)
        return {}

    fut = w.submit(slow)
    out = subprocess.run([sys.executable, "-m", "backend", "user", "token", "duty", "--db", url],
                         capture_output=True, text=True, timeout=60)
    hold.set()
    assert fut.result(5).ok
    w.stop()
    assert out.returncode == 0, out.stderr[-500:]
    assert out.stdout.strip().startswith("gl_") and len(out.stdout.strip().splitlines()) == 1


def test_replies_are_remembered_across_a_writer_restart_and_a_failed_group_remembers_nothing(small_db):
    url, _ = small_db
    db = Database(url)
    w = Writer(db, lambda evs: None)
    w.start()
    first = w.submit(rename("P-HEAD-A", "once"), "U-1", "req-1").result(10)
    refused = w.submit(rename("P-HEAD-A", "never", fail=True), "U-1", "req-2").result(10)
    w.stop()
    assert first.ok and not refused.ok
    w2 = Writer(db, lambda evs: None)  # a restarted server: its memory is loaded from the table
    w2.start()
    again = w2.submit(rename("P-HEAD-A", "twice"), "U-1", "req-1").result(10)
    again_refused = w2.submit(rename("P-HEAD-A", "never"), "U-1", "req-2").result(10)
    other_user = w2.submit(rename("P-HEAD-A", "other"), "U-2", "req-1").result(10)
    w2.stop()
    assert again.replayed and again.data == first.data
    assert again_refused.replayed and again_refused.error == refused.error  # failed replies are kept too
    assert other_user.ok and not other_user.replayed
    with db.sessions() as s:
        assert s.get(Staff, "P-HEAD-A").name == "other"


def _steps_and_holds(url: str, ticket_id: str):
    from backend.db.models import TicketHold, TicketStep

    with Database(url).sessions() as s:
        steps = [(r.action, r.from_status, r.to_status, r.region_id, r.assignee_id) for r in
                 s.scalars(select(TicketStep).where(TicketStep.ticket_id == ticket_id).order_by(TicketStep.id))]
        holds = [(r.holder_id, r.region_id, r.level, r.until is None) for r in
                 s.scalars(select(TicketHold).where(TicketHold.ticket_id == ticket_id).order_by(TicketHold.id))]
    return steps, holds


def _stored_ticket(url: str, ticket_id: str) -> dict:
    from backend.db import ticket_repo

    with Database(url).sessions() as s:
        return ticket_repo.wire(ticket_repo.load(s, ticket_id)[0])


def _chain(p: Platform, created: dict, grouped: bool):
    """accept, assign to grid A, re-assign to grid B, escalate: in one commit group, or one by one."""
    duty, dispatcher = Actor("U-duty", "duty"), Actor("U-dispatcher", "dispatcher")
    tid, v = created["id"], created["version"]
    jobs = [(duty, "accept", {}), (dispatcher, "assign", {"region_id": GRID_A}),
            (dispatcher, "assign", {"region_id": GRID_B}), (dispatcher, "escalate", {"reason": "需社区协调"})]
    gate = threading.Event()
    if grouped:
        p.writer.group_budget = 60.0  # one group however long the gate is held
        p.writer.submit(lambda tx: gate.wait(5) and {})  # queue the chain up behind a held job
    futures = []
    for i, (actor, action, kwargs) in enumerate(jobs):
        futures.append(p.writer.submit(p.ticket_job(actor, action, tid, v + i, kwargs)))
        if not grouped:
            assert futures[-1].result(5).ok, futures[-1].result()
    commits = p.writer.commits
    gate.set()
    results = [f.result(5) for f in futures]
    assert all(r.ok for r in results), results
    return p.writer.commits - commits, results[-1].data["ticket"]


def test_steps_and_holds_of_one_group_equal_those_written_job_by_job(small_street_template, tmp_path):
    import shutil

    written = {}
    for grouped in (False, True):
        path = tmp_path / f"grouped-{grouped}.db"
        shutil.copy(small_street_template[0], path)
        url = f"sqlite:///{path}"
        p = Platform(Database(url))
        p.start()
        created = p.writer.submit(p.create_job(Actor("U-duty", "duty"), pa.TicketCreate(
            category="city_appearance", title="占道经营", location=pa.LatLon(37.05, 117.05)))).result(5)
        assert created.ok, created
        commits, written[grouped, "last"] = _chain(p, created.data["ticket"], grouped)
        p.stop()
        if grouped:
            assert commits == 1 and p.writer.retried_groups == 0  # really one group, on the fast path
        written[grouped] = _steps_and_holds(url, created.data["ticket"]["id"])
        written[grouped, "ticket"] = _stored_ticket(url, created.data["ticket"]["id"])
    steps, holds = written[True]
    assert [s[0] for s in steps] == ["create", "accept", "dispatch", "reassign", "escalate"]
    assert [(h[0], h[3]) for h in holds] == [("P-HEAD-A", False), ("P-HEAD-B", False), ("P-SEC", True)]
    assert written[True] == written[False]
    # an UPDATE writes only changed columns: what is stored is what the last step returned, in full
    for grouped in (False, True):
        assert written[grouped, "ticket"] == written[grouped, "last"]


def test_commits_leave_wal_checkpoints_to_the_checkpointer_thread(small_db):
    import time

    url, _ = small_db
    if not url.startswith("sqlite"):
        pytest.skip("PostgreSQL has no WAL file to checkpoint")
    db = Database(url)
    w = Writer(db, lambda evs: None)
    w.checkpointer.interval = 0.05
    w.start()
    for i in range(20):
        assert w.submit(rename("P-SEC", f"n{i}")).result(5).ok
    with db.write_sessions() as s:  # a pooled connection, as the writer's commits use
        assert s.connection().exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == 0
    runs = w.checkpointer.runs
    deadline = time.monotonic() + 5
    while w.checkpointer.runs < runs + 2 and time.monotonic() < deadline:
        time.sleep(0.02)
    busy, wal_pages, copied = db.checkpoint()
    w.stop()
    assert w.checkpointer.runs >= runs + 2
    assert busy == 0 and wal_pages == copied  # everything committed is already back in the database file
