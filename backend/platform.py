"""The platform facade: authentication, the permission check, and one handler per request.

Writes become jobs on the single `Writer`; reads run on a small thread pool with their own
sessions (SQLite WAL lets them proceed while the writer commits). Nothing here touches sockets.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import Any, Callable

from sqlalchemy import select

from console import protocol_args as pa

from . import alarm_ops, places, residents, stats, stats_alarms, stats_people, stats_staff
from . import workflow as wf
from .db import Database, queries, ticket_repo
from .db.convert import alarm_dict
from .db.models import Alarm, Staff, TicketStep, User
from .geo import GridLocator
from .notify import Notifier
from .tickets import Actor, RegionIndex
from .users import Principal, authenticate, authenticate_password
from .writer import OpError, Published, Result, Tx, Writer, utcnow

log = logging.getLogger(__name__)

# request name → (workflow action, how the request's args become the operation's keywords)
_TICKET_ACTIONS: dict[str, tuple[str, Callable[[Any], dict[str, Any]]]] = {
    "ticket.accept": ("accept", lambda a: {"note": a.note}),
    "ticket.reject": ("reject", lambda a: {"reason": a.reason}),
    "ticket.assign": ("assign", lambda a: {"region_id": a.region_id, "assignee_id": a.assignee_id, "note": a.note}),
    "ticket.escalate": ("escalate", lambda a: {"reason": a.reason}),
    "ticket.start": ("start", lambda a: {"note": a.note}),
    "ticket.feedback": ("feedback", lambda a: {"result": a.result}),
    "ticket.verify": ("verify", lambda a: {"passed": a.passed, "note": a.note}),
    "ticket.evaluate": ("evaluate", lambda a: {"satisfaction": a.satisfaction, "note": a.comment}),
    "ticket.close": ("close", lambda a: {"note": a.note}),
    "ticket.extend": ("extend", lambda a: {"minutes": a.minutes, "reason": a.reason}),
}


class Platform:
    """Everything the hub, the simulator and the CLI do to the platform goes through here."""

    def __init__(self, db: Database, *, clock: Callable[[], datetime] = utcnow, notifier: Notifier | None = None,
                 media_base: str = "", auto_escalate: bool = False):
        self.db = db
        self.clock = clock
        self.notifier = notifier
        self.media_base = media_base
        self.auto_escalate = auto_escalate
        self._listeners: list[Callable[[list[Published]], None]] = []
        self.writer = Writer(db, self._publish, clock)
        self.readers = ThreadPoolExecutor(max_workers=3, thread_name_prefix="gridline-read")
        self.reload_regions()

    def reload_regions(self) -> None:
        """(Re)build the grid tree and the point locator, e.g. after importing grid boundaries."""
        with self.db.sessions() as s:
            self.regions = RegionIndex(ticket_repo.region_infos(s))
            self.locator = GridLocator(ticket_repo.region_polygons(s, 3))
            self.region_names = stats.region_names(s)
            leader = s.scalar(select(User).where(User.role == "leader").order_by(User.created_at))
        self.ctx = wf.WorkflowContext.load(self.regions, leader.staff_id or leader.id if leader else None)

    def start(self) -> None:
        self.writer.start()

    def announce_media(self) -> Future | None:
        """Once started, with the demo media server's base of this run: cameras sent again with it
        (alarm_ops.announce_media_base). None when there is no demo media server."""
        return self.writer.submit(alarm_ops.announce_media_base(self.media_base)) if self.media_base else None

    def stop(self) -> None:
        self.writer.stop()
        self.readers.shutdown(wait=False, cancel_futures=True)

    # --- housekeeping, driven by the server's timer (same face as RemotePlatform) ------------------

    def sweep(self) -> Future:
        return self.writer.submit(self.sweep_job())

    def expire(self, kind: str, ids: list[str]) -> Future:
        return self.writer.submit(self.expire_job(kind, ids))

    def prune(self) -> Future:
        return self.writer.prune()

    def subscribe(self, listener: Callable[[list[Published]], None]) -> None:
        """`listener` is called on the writer thread after each commit, with the events in seq order."""
        self._listeners.append(listener)

    def _publish(self, events: list[Published]) -> None:
        for listener in self._listeners:
            listener(events)

    # --- identities -----------------------------------------------------------------------------

    def authenticate(self, token: str, user: str | None = None, password: str | None = None) -> Principal | None:
        with self.db.sessions() as s:
            if user and password:
                return authenticate_password(s, user, password)
            return authenticate(s, token, self.clock())

    @staticmethod
    def actor(p: Principal) -> Actor:
        # Tickets are held by staff (heads, workers); a user linked to a staff record acts as that person.
        return Actor(p.staff_id or p.user_id, p.role, p.region_ids)

    # --- requests -------------------------------------------------------------------------------

    def request(self, p: Principal, request_id: str | None, name: str, args: Any) -> Future:
        """Start one request; the future resolves to a `Result` (never raises)."""
        if name not in p.permissions:
            return _done(Result(False, error={"code": "forbidden", "data": None,
                                              "message": f"角色 {p.role} 无权执行 {name} (role {p.role!r} may not {name})"}))
        if name == "ticket.assign":
            missing = self._unknown_target(args.region_id, args.assignee_id)
            if missing:
                return _done(Result(False, error={"code": "not_found", "message": missing, "data": None}))
        if name in _TICKET_ACTIONS:
            action, kwargs = _TICKET_ACTIONS[name]
            return self.writer.submit(self.ticket_job(self.actor(p), action, args.ticket_id, args.version,
                                                      kwargs(args)), p.user_id, request_id)
        handler = getattr(self, "_req_" + name.replace(".", "_"), None)
        if handler is None:
            return _done(Result(False, error={"code": "invalid", "message": f"unknown request {name!r}", "data": None}))
        return handler(p, request_id, args)

    def _unknown_target(self, region_id: str | None, assignee_id: str | None) -> str:
        if region_id is not None and region_id not in self.regions:
            return f"没有网格 {region_id} (no region {region_id})"
        if assignee_id is not None:
            with self.db.sessions() as s:
                if s.get(Staff, assignee_id) is None and s.scalar(select(User.id).where(User.id == assignee_id)) is None:
                    return f"没有人员 {assignee_id} (no staff member {assignee_id})"
        return ""

    def _read(self, fn: Callable[[Any], dict[str, Any]]) -> Future:
        def run() -> Result:
            try:
                with self.db.sessions() as s:
                    return Result(True, data=fn(s))
            except OpError as exc:
                return Result(False, error={"code": exc.code, "message": exc.message, "data": exc.data})
            except Exception as exc:
                log.exception("read failed")
                return Result(False, error={"code": "internal", "message": f"读取失败 (read failed): {exc}", "data": None})

        return self.readers.submit(run)

    def _req_ticket_create(self, p: Principal, rid: str | None, a: pa.TicketCreate) -> Future:
        return self.writer.submit(self.create_job(self.actor(p), a), p.user_id, rid)

    def _req_ticket_get(self, p: Principal, rid, a: pa.TicketGet) -> Future:
        actor = self.actor(p)

        def read(s) -> dict[str, Any]:
            d = ticket_repo.detail(s, a.ticket_id)
            if d is None:
                raise OpError("not_found", f"没有工单 {a.ticket_id} (no ticket {a.ticket_id})")
            loaded = ticket_repo.load(s, a.ticket_id)
            d["allowed_actions"] = wf.allowed_actions(loaded[1], actor, self.ctx) if loaded else []
            return d

        return self._read(read)

    def _in_scope(self, p: Principal) -> Callable[[str], bool]:
        if p.role != "grid_worker":
            return lambda region_id: True
        return lambda region_id: any(self.regions.is_within(region_id, own) for own in p.region_ids)

    def _req_alarm_ack(self, p: Principal, rid, a: pa.AlarmStep) -> Future:
        return self.writer.submit(alarm_ops.ack(a.alarm_id, a.version, a.note, self.actor(p).user_id,
                                                self._in_scope(p)), p.user_id, rid)

    def _req_alarm_close(self, p: Principal, rid, a: pa.AlarmStep) -> Future:
        return self.writer.submit(alarm_ops.close(a.alarm_id, a.version, a.note, self.actor(p).user_id), p.user_id, rid)

    def _req_alarm_to_ticket(self, p: Principal, rid, a: pa.AlarmToTicket) -> Future:
        return self.writer.submit(self.alarm_to_ticket_job(self.actor(p), a), p.user_id, rid)

    def _req_resident_search(self, p: Principal, rid, a: pa.ResidentSearch) -> Future:
        today = self.clock().date()
        return self._read(lambda s: residents.search(s, role=p.role, region_ids=p.region_ids, query=a.query,
                                                     region_id=a.region_id, tags=list(a.tags), limit=a.limit,
                                                     offset=a.offset, today=today))

    def _req_place_search(self, p: Principal, rid, a: pa.PlaceSearch) -> Future:
        return self._read(lambda s: places.search(s, a.query, a.limit))

    def _req_resident_get(self, p: Principal, rid, a: pa.ResidentGet) -> Future:
        today = self.clock().date()
        return self._read(lambda s: residents.get_one(s, a.resident_id, today, p.role, p.region_ids))

    def _req_resident_reveal(self, p: Principal, rid, a: pa.ResidentReveal) -> Future:
        return self.writer.submit(residents.reveal_job(a.resident_id, a.field, a.reason, p.role, p.region_ids),
                                  p.user_id, rid)

    def _req_stats_query(self, p: Principal, rid, a: pa.StatsQuery) -> Future:
        def read(s) -> dict[str, Any]:
            out = stats.query(s, self.regions, self.region_names, since=a.since_dt, until=a.until_dt,
                              region_id=a.region_id, group_by=a.group_by, level=a.level, category=a.category)
            out["live"] = stats.live_counters(s, self.clock())
            return out

        return self._read(read)

    def _req_stats_population(self, p: Principal, rid, a: pa.StatsPopulation) -> Future:
        today = self.clock().astimezone(stats.LOCAL).date()
        return self._read(lambda s: stats_people.population(s, self.regions, self.region_names,
                                                            region_id=a.region_id, today=today))

    def _req_stats_staff(self, p: Principal, rid, a: pa.StatsPeriod) -> Future:
        return self._read(lambda s: stats_staff.ranking(s, self.regions, self.region_names, since=a.since_dt,
                                                        until=a.until_dt, region_id=a.region_id, limit=a.limit))

    def _req_stats_alarms(self, p: Principal, rid, a: pa.StatsPeriod) -> Future:
        return self._read(lambda s: stats_alarms.alarm_counts(s, self.regions, since=a.since_dt, until=a.until_dt,
                                                              region_id=a.region_id))

    def _req_stats_overdue(self, p: Principal, rid, a: pa.StatsOverdue) -> Future:
        return self._read(lambda s: stats_staff.overdue(s, self.regions, self.region_names, until=a.until_dt,
                                                        region_id=a.region_id, limit=a.limit))

    # --- ticket jobs ------------------------------------------------------------------------------

    def _after(self, tx: Tx, outcome: wf.Outcome) -> None:
        if self.notifier is not None and outcome.notifications:
            notifier, notes = self.notifier, outcome.notifications
            tx.after_commit.append(lambda: [notifier.send(n) for n in notes])

    def _save(self, tx: Tx, outcome: wf.Outcome, row=None, action: str = "") -> dict[str, Any]:
        row = ticket_repo.save(tx.session, outcome, row, tx.buffer)
        data = ticket_repo.wire(row)
        tx.emit("ticket", "upsert", row.id, data)
        tx.audit("ticket." + action, "ticket", row.id, version=row.version, status=row.status,
                 region_id=row.region_id, assignee_id=row.assignee_id)
        self._after(tx, outcome)
        return data

    def ticket_job(self, actor: Actor, action: str, ticket_id: str, version: int, kwargs: dict[str, Any]):
        def job(tx: Tx) -> dict[str, Any]:
            loaded = ticket_repo.load(tx.session, ticket_id, for_update=True)
            if loaded is None:
                raise OpError("not_found", f"没有工单 {ticket_id} (no ticket {ticket_id})")
            row, rec = loaded
            if rec.version != version:
                raise _conflict(tx, row)
            try:
                outcome = wf.perform(action, rec, actor, tx.now, self.ctx, **kwargs)
            except wf.WorkflowError as exc:
                raise OpError(exc.code, exc.message) from None
            return {"ticket": self._save(tx, outcome, row, action)}

        return job

    def create_job(self, actor: Actor, a: pa.TicketCreate, alarm_id: str | None = None):
        def job(tx: Tx) -> dict[str, Any]:
            if a.region_id is not None and a.region_id not in self.regions:
                raise OpError("not_found", f"没有网格 {a.region_id} (no region {a.region_id})")
            tid = ticket_repo.next_ticket_id(tx.session, tx.now)
            loc = (a.location.lat, a.location.lon) if a.location else None
            try:
                outcome = wf.create(tid, actor, tx.now, self.ctx, category=a.category, title=a.title,
                                    description=a.description, source=a.source, priority=a.priority, location=loc,
                                    region_id=a.region_id, locate=self.locator.locate, address=a.address,
                                    reporter_name=a.reporter_name, reporter_phone=a.reporter_phone,
                                    alarm_id=alarm_id)
            except wf.WorkflowError as exc:
                raise OpError(exc.code, exc.message) from None
            return {"ticket": self._save(tx, outcome, None, "create")}

        return job

    def alarm_to_ticket_job(self, actor: Actor, a: pa.AlarmToTicket):
        def job(tx: Tx) -> dict[str, Any]:
            alarm = tx.session.get(Alarm, a.alarm_id)
            if alarm is None:
                raise OpError("not_found", f"没有报警 {a.alarm_id} (no alarm {a.alarm_id})")
            if alarm.version != a.version:
                raise OpError("conflict", "报警已被他人更新 (alarm changed meanwhile)", {"alarm": alarm_dict(alarm)})
            if alarm.ticket_id:
                raise OpError("invalid", f"报警已转为工单 {alarm.ticket_id} (already a ticket)")
            args = pa.TicketCreate(
                category=a.category or alarm_ops.ALARM_CATEGORY.get(alarm.type, "other"),
                title=a.title or f"{alarm_ops.ALARM_TYPES.get(alarm.type, alarm.type)}: {alarm.message}"[:200],
                description=a.note, source="alarm" if not alarm.type.startswith("ai_") else "camera_ai",
                priority="urgent", location=pa.LatLon(alarm.lat, alarm.lon) if alarm.lat is not None else None,
                region_id=alarm.region_id if alarm.lat is None else None)
            created = self.create_job(actor, args, alarm_id=alarm.id)(tx)
            if alarm.status == "active":
                alarm.status, alarm.acked_at, alarm.acked_by = "acknowledged", tx.now, actor.user_id
            alarm.ticket_id = created["ticket"]["id"]
            alarm.version += 1
            alarm.updated_at = tx.now
            tx.emit("alarm", "upsert", alarm.id, alarm_dict(alarm))
            tx.audit("alarm.to_ticket", "alarm", alarm.id, ticket_id=alarm.ticket_id)
            return {"ticket": created["ticket"], "alarm": alarm_dict(alarm)}

        return job

    def sweep_job(self):
        """Refresh SLA states of open tickets; overdue stages notify (and escalate when configured)."""

        def job(tx: Tx) -> dict[str, Any]:
            changed = 0
            for row, rec in ticket_repo.open_records(tx.session):
                outcome = wf.sweep(rec, tx.now, self.ctx, auto_escalate=self.auto_escalate)
                if outcome is not None:
                    self._save(tx, outcome, row, "sla")
                    changed += 1
            return {"changed": changed}

        return job

    def expire_job(self, kind: str, ids: list[str]):
        """Finished tickets/alarms leave the pushed set (a `remove` event); they stay in the database."""

        def job(tx: Tx) -> dict[str, Any]:
            for entity_id in ids:
                tx.emit(kind, "remove", entity_id, None)
            return {"removed": len(ids)}

        return job


def _conflict(tx: Tx, row) -> OpError:
    last = tx.session.scalar(select(TicketStep).where(TicketStep.ticket_id == row.id)
                             .order_by(TicketStep.id.desc()).limit(1))
    who, what = (last.actor_id, last.action) if last else ("?", "?")
    name = tx.session.scalar(select(Staff.name).where(Staff.id == who)) or tx.session.scalar(
        select(User.display_name).where(User.id == who)) or who
    return OpError("conflict", f"工单已被 {name} 执行「{what}」, 现为第 {row.version} 版 "
                               f"(ticket changed by {name}: {what}; now version {row.version})",
                   {"ticket": ticket_repo.wire(row), "by": who, "by_name": name, "action": what})


def _done(result: Result) -> Future:
    f: Future = Future()
    f.set_result(result)
    return f
