"""90 days of tickets and alarms, made by the workflow functions on a simulated clock.

Every ticket goes through `backend.workflow` step by step at plausible past times, so its timeline,
responsibility axis, SLA flags and indicators are exactly what live use would have produced. Rows
are written directly (no events): a console that connects afterwards gets them in its snapshot.
"""

from __future__ import annotations

import random
from collections import Counter as Tally
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import insert

from .. import workflow as wf
from ..alarm_ops import ALARM_TYPES
from ..db import Database, ticket_repo
from ..db.models import Alarm, Counter, Ticket as TicketRow, TicketHold, TicketStep
from ..tickets import Actor, RegionIndex, Status
from . import DemoInfo

CATEGORY_WEIGHTS = {"city_appearance": 25, "street_order": 15, "facility_repair": 15, "livelihood": 12,
                    "dispute": 8, "advertising": 7, "construction": 6, "public_security": 5, "emergency": 2, "other": 5}
SOURCE_WEIGHTS = {"resident_app": 35, "patrol": 30, "hotline": 20, "camera_ai": 8, "sensor": 4, "other": 3}
TITLES = {
    "city_appearance": ["垃圾堆放未清运", "绿化带内杂物堆积", "楼道乱堆杂物", "路面油污", "小广告乱贴"],
    "street_order": ["占道经营", "车辆乱停放", "流动摊贩聚集", "店外经营", "非机动车乱停"],
    "facility_repair": ["路灯不亮", "井盖缺失", "下水道堵塞", "健身器材损坏", "人行道砖松动"],
    "livelihood": ["独居老人需要帮扶", "小区停水", "电梯故障困人", "暖气不热", "低保申请咨询"],
    "dispute": ["邻里噪音纠纷", "楼上漏水纠纷", "物业费纠纷", "停车位纠纷", "装修扰民"],
    "advertising": ["违规户外广告牌", "条幅悬挂", "墙体乱涂写", "灯箱破损"],
    "construction": ["夜间施工扰民", "工地扬尘", "渣土车遗撒", "违规搭建"],
    "public_security": ["楼道消防通道堵塞", "电动车楼道充电", "陌生人员频繁出入", "单元门禁损坏"],
    "emergency": ["燃气泄漏气味", "树木倒伏阻断道路", "路面塌陷", "电线断落"],
    "other": ["其他咨询", "群众建议", "宠物扰民"],
}
BACKLOG = {Status.REPORTED: 22, Status.ACCEPTED: 16, Status.DISPATCHED: 36, Status.IN_PROGRESS: 44,
           Status.FEEDBACK: 18, Status.VERIFIED: 14}
ROUTE = [Status.ACCEPTED, Status.DISPATCHED, Status.IN_PROGRESS, Status.FEEDBACK, Status.VERIFIED, Status.CLOSED]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class HistoryMaker:
    def __init__(self, db: Database, info: DemoInfo, rng: random.Random):
        self.db, self.info, self.rng = db, info, rng
        with db.sessions() as s:
            self.regions = RegionIndex(ticket_repo.region_infos(s))
        self.ctx = wf.WorkflowContext.load(self.regions, info.street_leader_id)
        uid = info.user_ids
        self.dispatcher = Actor(uid["dispatcher"], "dispatcher", frozenset())
        self.duty = Actor(uid["duty"], "duty", frozenset())
        self.per_day: Tally[str] = Tally()
        self.made: Tally[str] = Tally()

    # --- actors ---------------------------------------------------------------------------------

    def worker(self, grid_id: str) -> Actor:
        workers = self.info.staff_by_grid[grid_id].get("grid_worker") or [self.info.head_of[grid_id]]
        return Actor(self.rng.choice(workers), "grid_worker", frozenset({grid_id}))

    def handler(self, t) -> Actor:
        """Whoever holds the ticket now acts on it; above the grid the holder acts with a leader's rights."""
        if t.level == 3:
            return Actor(t.assignee_id or self.info.head_of[t.region_id], "grid_worker", frozenset({t.region_id}))
        return Actor(t.assignee_id or self.info.street_leader_id, "leader", frozenset())

    def verifier(self, t) -> Actor:
        return self.worker(t.origin_region_id)

    # --- times ----------------------------------------------------------------------------------

    def created_time(self, day_start: datetime) -> datetime:
        hour = self.rng.choices(range(7, 22), weights=[3, 8, 10, 10, 9, 6, 6, 9, 10, 9, 7, 5, 3, 2, 1])[0]
        return day_start + timedelta(hours=hour - 8, minutes=self.rng.uniform(0, 59))  # day_start is local 00:00 in UTC

    def after(self, t, start: datetime, fraction: float) -> datetime:
        """A time `fraction` of the current stage's limit after `start`, on the ticket's own clock."""
        cat = self.ctx.categories[t.category]
        limit = cat.limit(t.stage) if t.stage else 30
        clock = wf.clock_of(t, self.ctx)
        return self.ctx.calendar.add_minutes(start, max(1.0, limit * fraction), clock)

    # --- one ticket -----------------------------------------------------------------------------

    def new_ticket(self, at: datetime):
        info, rng = self.info, self.rng
        grid = rng.choice(info.grid_ids)
        lat, lon = info.random_point_in(grid, rng)
        category = _pick(rng, CATEGORY_WEIGHTS)
        source = _pick(rng, SOURCE_WEIGHTS)
        actor = self.worker(grid) if source == "patrol" else self.duty
        local_day = (at + timedelta(hours=8)).strftime("%Y%m%d")
        self.per_day[local_day] += 1
        tid = f"T{local_day}-{self.per_day[local_day]:04d}"
        reporter = "" if source in ("patrol", "camera_ai", "sensor") else rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(["先生", "女士"])
        phone = f"1{rng.choice([38, 39, 58, 86, 37])}{rng.randrange(10**8):08d}" if reporter else ""
        return wf.create(tid, actor, at, self.ctx, category=category, title=rng.choice(TITLES[category]),
                         description="", source=source, location=(lat, lon), locate=info.locate,
                         address=f"{rng.choice(info.streets)}{rng.randint(1, 300)}号", reporter_name=reporter,
                         reporter_phone=phone)

    def advance(self, t, target: Status, now: datetime, *, late: bool, escalations: int, rework: bool,
                extend: bool, satisfaction: int | None) -> list:
        """Move `t` towards `target`, each step a plausible while after the last; stop before `now`."""
        rng = self.rng
        outcomes = []
        clock_t = t.updated_at or t.created_at
        if target == Status.REJECTED and t.status != Status.REPORTED:
            target = Status.CLOSED  # auto-dispatched on creation: it can no longer be rejected, so it runs the loop

        def step(fn, at: datetime, actor: Actor, **kw):
            nonlocal t, clock_t
            if at >= now:  # the rest of this ticket's life has not happened yet
                raise StopIteration
            out = fn(t, actor, at, self.ctx, **kw)
            outcomes.append(out)
            t, clock_t = out.ticket, at
            return out

        try:
            if t.status == Status.REPORTED and target != Status.REPORTED:
                if target == Status.REJECTED:
                    step(wf.reject, self.after(t, clock_t, rng.uniform(0.1, 0.6)), self.dispatcher, reason="不属于受理范围")
                    return outcomes
                step(wf.accept, self.after(t, clock_t, rng.uniform(0.05, 0.7)), self.dispatcher)
            if t.status == Status.ACCEPTED and target not in (Status.ACCEPTED,):
                step(wf.assign, self.after(t, clock_t, rng.uniform(0.05, 0.7)), self.dispatcher, region_id=t.region_id)
            handled = 0
            while t.status in (Status.DISPATCHED, Status.IN_PROGRESS) and target not in (t.status,):
                if t.status == Status.DISPATCHED:
                    step(wf.start, self.after(t, clock_t, rng.uniform(0.02, 0.15)), self.handler(t))
                    continue
                if handled < escalations:
                    handled += 1
                    step(wf.escalate, self.after(t, clock_t, rng.uniform(0.2, 0.6)), self.dispatcher,
                         reason="网格力量不足, 需上级协调")
                    continue
                if extend and t.extension_count == 0:
                    step(wf.extend, self.after(t, clock_t, 0.5), self.dispatcher, minutes=480, reason="需协调物业, 申请延期")
                frac = rng.uniform(1.15, 2.2) if late else rng.uniform(0.25, 0.85)
                step(wf.feedback, self.after(t, clock_t, frac), self.handler(t), result="已处置完毕, 现场已恢复")
            if t.status == Status.FEEDBACK and target != Status.FEEDBACK:
                if rework and t.rework_count == 0:
                    step(wf.verify, self.after(t, clock_t, rng.uniform(0.1, 0.5)), self.verifier(t), passed=False,
                         note="现场核查未整改到位, 返工")
                    step(wf.start, self.after(t, clock_t, 0.05), self.handler(t))
                    step(wf.feedback, self.after(t, clock_t, rng.uniform(0.2, 0.7)), self.handler(t), result="已返工整改")
                step(wf.verify, self.after(t, clock_t, rng.uniform(0.1, 0.6)), self.verifier(t), passed=True)
            if t.status == Status.VERIFIED and target == Status.CLOSED:
                if satisfaction is not None:
                    step(wf.evaluate, self.after(t, clock_t, rng.uniform(0.05, 0.4)), self.dispatcher,
                         satisfaction=satisfaction)
                step(wf.close, self.after(t, clock_t, rng.uniform(0.05, 0.4)), self.dispatcher)
        except StopIteration:
            pass
        return outcomes

    # --- the whole history ----------------------------------------------------------------------

    def run(self, days: int = 90, per_day: float = 30.0) -> dict[str, int]:
        now = self.info.now
        rng = self.rng
        today_local = (now + timedelta(hours=8)).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(hours=8)
        plans: list[tuple[datetime, Status]] = []
        for d in range(days, 0, -1):
            day = today_local - timedelta(days=d)
            for _ in range(max(0, round(rng.gauss(per_day, 5)))):
                plans.append((self.created_time(day), Status.REJECTED if rng.random() < 0.05 else Status.CLOSED))
        for status, n in BACKLOG.items():
            for _ in range(n):
                ago = timedelta(hours=rng.uniform(0.2, 72 if status != Status.REPORTED else 6))
                plans.append((now - ago, status))
        plans.sort(key=lambda p: p[0])
        tickets, steps, holds = [], [], []
        with self.db.session() as s:
            for at, target in plans:
                created = self.new_ticket(at)
                outs = [created]
                late = rng.random() < 0.15
                escalations = rng.choices([0, 1, 2, 3], weights=[88, 8, 3, 1])[0]
                outs += self.advance(created.ticket, target, now, late=late, escalations=escalations,
                                     rework=rng.random() < 0.07, extend=rng.random() < 0.04,
                                     satisfaction=rng.choices([None, 5, 4, 3, 2], weights=[30, 45, 18, 5, 2])[0])
                last = outs[-1].ticket
                swept = wf.sweep(last, now, self.ctx)
                if swept is not None:
                    outs.append(swept)
                t_row, t_steps, t_holds = ticket_repo.fold(outs)
                tickets.append(t_row)
                steps += t_steps
                holds += t_holds
                self.made[outs[-1].ticket.status.value] += 1
            s.execute(insert(TicketRow), tickets)
            s.execute(insert(TicketStep), steps)
            s.execute(insert(TicketHold), holds)
            for day, n in self.per_day.items():
                s.merge(Counter(name=f"ticket:{day}", value=n))
            alarms = self.alarms(now)
            s.execute(insert(Alarm), alarms)
        self.made["alarms"] = len(alarms)
        return dict(self.made)

    def alarms(self, now: datetime) -> list[dict[str, Any]]:
        """Past alarms (acknowledged, closed) and a few that still need someone right now."""
        rng, info = self.rng, self.info
        rows = []
        types = list(ALARM_TYPES)
        for i in range(420):
            ago = timedelta(days=rng.uniform(0, 90)) if i >= 6 else timedelta(minutes=rng.uniform(1, 40))
            raised = now - ago
            kind = rng.choice(types)
            cam = rng.choice(info.cameras)
            if kind.startswith("care") or kind == "one_key":
                who = rng.choice(info.elderly_alone)
                region, lat, lon, camera = who.region_id, who.lat, who.lon, None
                message = f"{ALARM_TYPES[kind]}: {who.address} {who.name}"
                resident = who.resident_id
            else:
                region, lat, lon, camera, resident = cam.region_id, cam.lat, cam.lon, cam.id, None
                message = f"{ALARM_TYPES[kind]}: {cam.name}"
            status = "closed" if i >= 6 else ("active" if i < 4 else "acknowledged")
            acked = raised + timedelta(minutes=rng.uniform(0.3, 5)) if status != "active" else None
            closed = raised + timedelta(minutes=rng.uniform(10, 120)) if status == "closed" else None
            rows.append({"id": f"A{(now - ago).strftime('%Y%m%d%H%M%S')}{i:03d}", "type": kind, "status": status,
                         "severity": "high" if kind in ("one_key", "care_smoke", "care_fall", "ai_fire") else "medium",
                         "message": message, "region_id": region, "lat": lat, "lon": lon, "camera_id": camera,
                         "device_id": None, "resident_id": resident, "raised_at": raised, "acked_at": acked,
                         "acked_by": info.user_ids["duty"] if acked else None,
                         "ack_note": "已核实处置" if acked else "", "closed_at": closed, "ticket_id": None,
                         "version": 1 + (acked is not None) + (closed is not None), "updated_at": closed or acked or raised})
        return rows


def seed_history(db: Database, info: DemoInfo, seed: int) -> dict[str, int]:
    return HistoryMaker(db, info, random.Random(seed * 7919 + 1)).run()


def seed_demo(db: Database, seed: int = 7, now: datetime | None = None) -> DemoInfo:
    """The whole demo street: places, people, staff, devices, then 90 days of tickets and alarms."""
    from . import seed_places_and_people

    info = seed_places_and_people(db, seed=seed, now=now)
    info.counts.update({f"tickets_{k}" if k != "alarms" else k: v for k, v in seed_history(db, info, seed).items()})
    return info
