"""The simulator drives the real platform: tickets move through the workflow, alarms and passes arrive."""

import asyncio
from collections import Counter

from sqlalchemy import func, select

from backend.db.models import Alarm, AuditRecord, EventLog, Ticket
from backend.simulator import Simulator

from .wsclient import Client


async def test_simulator_produces_live_activity_through_the_workflow(hub_server):
    watcher = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    _, _, seq = await watcher.welcome_and_state()
    sim = Simulator(hub_server.platform, rate=60.0, seed=3)
    task = asyncio.create_task(sim.run())
    kinds = Counter()
    try:
        async with asyncio.timeout(20):
            while not (kinds["ticket"] >= 15 and kinds["alarm"] >= 1 and sim.done["progress"] >= 10):
                f = await watcher.recv()
                if f["type"] == "event":
                    assert f["seq"] == seq + 1
                    seq = f["seq"]
                    kinds[f["kind"]] += 1
    finally:
        task.cancel()
    assert sim.failed == 0
    with hub_server.db.sessions() as s:
        statuses = Counter(s.scalars(select(Ticket.status)))
        audited = s.scalar(select(func.count()).select_from(AuditRecord))
        logged = s.scalar(select(func.count()).select_from(EventLog))
    assert len(statuses) >= 2, statuses  # tickets moved on beyond "reported"
    assert audited >= logged * 0.5  # changes are audited (gate passes are logged as events only)
    await watcher.close()


def test_same_seed_makes_the_same_decisions():
    a, b = Simulator.__new__(Simulator), Simulator.__new__(Simulator)
    import random

    a.rng, b.rng, a.rate, b.rate = random.Random(5), random.Random(5), 2.0, 2.0
    assert [a._next("report") for _ in range(20)] == [b._next("report") for _ in range(20)]
