"""Live activity for the demo: reports, handling, alarms, gate passes, cameras dropping out.

Everything goes through the platform's own jobs and the workflow (never rows behind its back),
so the console sees exactly what real use would produce. Decisions come from one seeded
`random.Random`; RATE scales every arrival rate. About one ticket in ten is left alone so that it
runs overdue, as some always do.
"""

from __future__ import annotations

import asyncio
import heapq
import logging
import random
import zlib
from dataclasses import dataclass
from typing import Any, Callable

from sqlalchemy import select

from console import protocol_args as pa

from . import alarm_ops, geo
from .db.models import Camera, Gate, Region, Staff, StaffRegion, Ticket, User
from .db.models_people import Resident
from .platform import Platform
from .tickets import Actor
from .writer import Result

log = logging.getLogger(__name__)

# Mean seconds between two occurrences at RATE 1.
MEAN_SECONDS = {"report": 20.0, "progress": 4.0, "alarm": 75.0, "gate": 3.0, "camera": 150.0, "ack": 20.0}
MIN_STEP_AGE = 20.0  # a ticket rests at least this long (÷ RATE) between two steps
REPORTS = [("city_appearance", "垃圾桶满溢"), ("street_order", "占道经营"), ("facility_repair", "路灯不亮"),
           ("livelihood", "居民求助: 家中老人摔倒"), ("dispute", "邻里噪音纠纷"), ("advertising", "违规张贴小广告"),
           ("construction", "工地夜间施工"), ("public_security", "楼道电动车充电"), ("emergency", "燃气泄漏气味"),
           ("facility_repair", "井盖松动"), ("city_appearance", "绿化带垃圾"), ("street_order", "车辆乱停放")]
SOURCES = ["resident_app", "resident_app", "patrol", "patrol", "hotline", "camera_ai"]


@dataclass
class World:
    grids: dict[str, dict]  # grid id -> polygon
    workers: dict[str, list[str]]  # grid id -> staff ids
    dispatcher: Actor
    duty: Actor
    cameras: list[tuple[str, str, float, float, bool]]  # id, region, lat, lon, ai
    gates: list[str]
    elderly: list[tuple[str, str, float, float]]  # resident id, grid, lat, lon


def load_world(platform: Platform) -> World:
    with platform.db.sessions() as s:
        grids = {r.id: r.polygon for r in s.scalars(select(Region).where(Region.level == 3).order_by(Region.id))}
        workers: dict[str, list[str]] = {g: [] for g in grids}
        for region_id, staff_id in s.execute(
                select(StaffRegion.region_id, Staff.id).join(Staff, Staff.id == StaffRegion.staff_id)
                .where(Staff.role.in_(("grid_worker", "grid_head"))).order_by(Staff.id)):
            if region_id in workers:
                workers[region_id].append(staff_id)
        users = {u.role: u for u in s.scalars(select(User).order_by(User.created_at, User.name))}
        cams = [(c.id, c.region_id, c.lat, c.lon, c.ai) for c in s.scalars(select(Camera).order_by(Camera.id))]
        gates = list(s.scalars(select(Gate.id).order_by(Gate.id)))
        cutoff = platform.clock().date().replace(year=platform.clock().year - 70)
        old = s.execute(select(Resident.id, Resident.region_id, Resident.care_tags)
                        .where(Resident.birth_date < cutoff).order_by(Resident.id).limit(5000)).all()
        # care tags are a JSON list: filtered here to stay portable across SQLite and PostgreSQL
        elderly = [(rid, grid, *geo.random_point_in(grids[grid], random.Random(rid)))
                   for rid, grid, tags in old if "elderly_alone" in (tags or []) and grid in grids][:300]
    pick = lambda role: users.get(role) or users.get("admin")  # noqa: E731
    d, du = pick("dispatcher"), pick("duty")
    return World(grids, workers, Actor(d.staff_id or d.id, d.role), Actor(du.staff_id or du.id, du.role),
                 cams, gates, elderly)


class Simulator:
    """Runs until cancelled; `rate` scales every arrival, `seed` fixes every decision."""

    def __init__(self, platform: Platform, rate: float = 1.0, seed: int = 7):
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.platform, self.rate = platform, rate
        self.rng = random.Random(seed)
        self.world: World | None = None
        self.done: dict[str, int] = {k: 0 for k in MEAN_SECONDS}
        self.failed = 0

    def _next(self, kind: str) -> float:
        return self.rng.expovariate(self.rate / MEAN_SECONDS[kind])

    async def run(self) -> None:
        self.world = await asyncio.to_thread(load_world, self.platform)
        loop = asyncio.get_running_loop()
        start = loop.time()
        queue = [(start + self._next(k), k) for k in MEAN_SECONDS]
        heapq.heapify(queue)
        while True:
            at, kind = heapq.heappop(queue)
            await asyncio.sleep(max(0.0, at - loop.time()))
            try:
                await getattr(self, "_" + kind)()
                self.done[kind] += 1
            except Exception:
                self.failed += 1
                log.exception("simulated %s failed", kind)
            heapq.heappush(queue, (at + self._next(kind), kind))

    async def _submit(self, job: Callable, user: str = "simulator") -> Result:
        result = await asyncio.wrap_future(self.platform.writer.submit(job, user))
        if not result.ok and result.error and result.error["code"] not in ("conflict", "invalid"):
            log.warning("simulator job refused: %s", result.error)
        return result

    # --- activities ---------------------------------------------------------------------------------

    async def _report(self) -> None:
        w, rng = self.world, self.rng
        grid = rng.choice(sorted(w.grids))
        lat, lon = geo.random_point_in(w.grids[grid], rng)
        category, title = rng.choice(REPORTS)
        source = rng.choice(SOURCES)
        actor = Actor(rng.choice(w.workers[grid]), "grid_worker", frozenset({grid})) if source == "patrol" and w.workers[grid] else w.duty
        args = pa.TicketCreate(category=category, title=title, source=source, location=pa.LatLon(lat, lon),
                               reporter_name="" if source in ("patrol", "camera_ai") else rng.choice("王李张刘陈") + "女士")
        await self._submit(self.platform.create_job(actor, args))

    async def _open_tickets(self) -> list[Any]:
        min_age = MIN_STEP_AGE / self.rate
        now = self.platform.clock()

        def read():
            with self.platform.db.sessions() as s:
                return s.execute(select(Ticket.id, Ticket.status, Ticket.version, Ticket.level, Ticket.region_id,
                                        Ticket.origin_region_id, Ticket.assignee_id, Ticket.updated_at)
                                 .where(Ticket.status.not_in(("closed", "rejected"))).order_by(Ticket.id)).all()

        rows = await asyncio.to_thread(read)
        # One ticket in ten is nobody's priority: it will run overdue, as some always do.
        return [r for r in rows if zlib.crc32(r.id.encode()) % 10 != 0
                and (now - r.updated_at).total_seconds() >= min_age]

    def _handler(self, t) -> Actor:
        if t.level == 3:
            return Actor(t.assignee_id or self.rng.choice(self.world.workers[t.region_id]), "grid_worker",
                         frozenset({t.region_id}))
        return Actor(t.assignee_id or "leader", "leader")

    async def _progress(self) -> None:
        candidates = await self._open_tickets()
        if not candidates:
            return
        t, rng, d = self.rng.choice(candidates), self.rng, self.world.dispatcher
        p = self.platform
        r = rng.random()
        if t.status == "reported":
            action, actor, kw = ("reject", d, {"reason": "重复上报"}) if r < 0.05 else ("accept", d, {"note": ""})
        elif t.status == "accepted":
            action, actor, kw = "assign", d, {"region_id": t.region_id, "assignee_id": None, "note": ""}
        elif t.status == "dispatched":
            action, actor, kw = ("escalate", d, {"reason": "需上级协调"}) if r < 0.04 and t.level > 0 else ("start", self._handler(t), {"note": ""})
        elif t.status == "in_progress":
            if r < 0.05 and t.level > 0:
                action, actor, kw = "escalate", d, {"reason": "网格力量不足"}
            elif r < 0.08:
                action, actor, kw = "extend", d, {"minutes": 240, "reason": "等待配件"}
            else:
                action, actor, kw = "feedback", self._handler(t), {"result": "已处置, 附现场照片"}
        elif t.status == "feedback":
            grid = t.origin_region_id
            verifier = Actor(rng.choice(self.world.workers[grid]), "grid_worker", frozenset({grid}))
            passed = r >= 0.08
            action, actor, kw = "verify", verifier, {"passed": passed, "note": "" if passed else "未整改到位, 返工"}
        else:  # verified
            action, actor, kw = ("evaluate", d, {"satisfaction": rng.choice([5, 5, 5, 4, 4, 3])}) if r < 0.5 else ("close", d, {"note": ""})
        await self._submit(p.ticket_job(actor, action, t.id, t.version, kw))

    async def _alarm(self) -> None:
        w, rng = self.world, self.rng
        r = rng.random()
        if r < 0.45 and w.elderly:
            rid, grid, lat, lon = rng.choice(w.elderly)
            kind = rng.choice(["one_key", "care_no_motion", "care_smoke", "care_fall"])
            job = alarm_ops.raise_alarm(kind, grid, lat=lat, lon=lon, resident_id=rid)
        else:
            cams = [c for c in w.cameras if c[4]] or w.cameras
            cid, grid, lat, lon, _ = rng.choice(cams)
            kind = rng.choice(["ai_stranger", "ai_crowd", "ai_intrusion", "ai_fire", "gate_tailgating"])
            job = alarm_ops.raise_alarm(kind, grid, lat=lat, lon=lon, camera_id=cid)
        await self._submit(job)

    async def _ack(self) -> None:
        """A simulated duty officer in another seat acknowledges and closes older alarms."""
        from .db.models import Alarm

        minutes = 4.0 / self.rate
        now = self.platform.clock()

        def read():
            with self.platform.db.sessions() as s:
                return s.execute(select(Alarm.id, Alarm.status, Alarm.version, Alarm.raised_at)
                                 .where(Alarm.status != "closed").order_by(Alarm.raised_at).limit(20)).all()

        for a in await asyncio.to_thread(read):
            if (now - a.raised_at).total_seconds() < minutes * 60:
                continue
            job = alarm_ops.ack(a.id, a.version, "已联系网格员到场", self.world.duty.user_id) if a.status == "active" else \
                alarm_ops.close(a.id, a.version, "现场处置完毕", self.world.duty.user_id)
            await self._submit(job)
            return

    async def _gate(self) -> None:
        if not self.world.gates:
            return
        rng = self.rng
        method = rng.choice(["face", "face", "card", "plate"])
        subject = f"鲁P{rng.randrange(10000, 99999)}" if method == "plate" else f"{rng.randrange(10**7):07d}"
        await self._submit(alarm_ops.gate_pass(rng.choice(self.world.gates), method, rng.choice(["in", "out"]),
                                               subject, None))

    async def _camera(self) -> None:
        """A camera drops out, or one that dropped out comes back (most outages are short)."""

        def read():
            with self.platform.db.sessions() as s:
                return list(s.scalars(select(Camera.id).where(Camera.online.is_(False)).order_by(Camera.id)))

        offline = await asyncio.to_thread(read)
        if offline and self.rng.random() < 0.7:
            cid, online = self.rng.choice(offline), True
        else:
            cid, online = self.rng.choice(self.world.cameras)[0], False
        await self._submit(alarm_ops.set_camera_online(cid, online, self.platform.media_base))
