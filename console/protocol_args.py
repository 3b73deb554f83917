"""Wire types of protocol version 1 (PROTOCOL.md): frames and request argument schemas.

Frames are msgspec Structs tagged by their `type` field. Request arguments are one frozen Struct
per request name, gathered in `REQUEST_ARGS`: the console validates before sending and the hub on
receipt, with the same classes, so both ends agree on what a valid request is.

Unknown fields are ignored on decode (msgspec's default), in frames and in arguments alike: new
optional fields are how the protocol grows without a new version number. Import these names from
`console.protocol`, which re-exports them next to the codec; this module only declares.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, Union

import msgspec

PROTOCOL_VERSION = 1
REQUEST_ID_MAX = 64
"""Longest request id, in characters."""

__all__ = [
    "PROTOCOL_VERSION",
    "REQUEST_ID_MAX",
    "Frame",
    "UserInfo",
    "ErrorInfo",
    "Hello",
    "Request",
    "Welcome",
    "Snapshot",
    "Event",
    "Events",
    "Reply",
    "Error",
    "ClientFrame",
    "ServerFrame",
    "REQUEST_ARGS",
    "Args",
    "LatLon",
    "TicketCreate",
    "TicketStep",
    "TicketReject",
    "TicketAssign",
    "TicketEscalate",
    "TicketFeedback",
    "TicketVerify",
    "TicketEvaluate",
    "TicketExtend",
    "TicketGet",
    "AlarmStep",
    "AlarmToTicket",
    "PlaceSearch",
    "ResidentSearch",
    "ResidentGet",
    "ResidentReveal",
    "StatsQuery",
    "StatsPopulation",
    "StatsPeriod",
    "StatsOverdue",
]

# --- frames -----------------------------------------------------------------------------------

Seq = Annotated[int, msgspec.Meta(ge=0)]
RequestId = Annotated[str, msgspec.Meta(min_length=1, max_length=REQUEST_ID_MAX)]
Op = Literal["upsert", "remove"]


class Frame(msgspec.Struct, tag_field="type", frozen=True):
    """Base of every wire frame; the class's tag is the frame's `type`."""


class UserInfo(msgspec.Struct, frozen=True):
    """The authenticated user, as told by welcome."""

    id: str
    name: str
    role: str


class ErrorInfo(msgspec.Struct, frozen=True, omit_defaults=True):
    """The `error` of a failed reply; `data` carries the current entity on a conflict."""

    code: str
    message: str = ""
    data: dict[str, Any] | None = None


class Hello(Frame, tag="hello"):
    """Client → server, first frame: protocol number, access token, where to resume."""

    protocol: int
    token: str
    resume_from: Seq | None = None
    client: str = ""
    # Extension: a login dialog may send a user name and password instead of a token (token "").
    # UNSET keeps them off the wire when not used, so a token hello stays exactly PROTOCOL.md's.
    user: str | msgspec.UnsetType = msgspec.UNSET
    password: str | msgspec.UnsetType = msgspec.UNSET
    # Extension: true = this client also understands `events` frames (several events in one frame).
    batch: bool | msgspec.UnsetType = msgspec.UNSET


class Request(Frame, tag="request"):
    """Client → server: a named request; `args` is checked against REQUEST_ARGS[name]."""

    id: RequestId
    name: str
    args: dict[str, Any] = {}


class Welcome(Frame, tag="welcome", omit_defaults=True):
    """Server → client: handshake accepted. `head` is the seq of the newest event."""

    protocol: int
    user: UserInfo
    permissions: list[str]
    head: Seq
    server_time: str | None = None


class Snapshot(Frame, tag="snapshot"):
    """Server → client: part `part` of `parts` of the state as of `seq`."""

    seq: Seq
    part: Annotated[int, msgspec.Meta(ge=1)]
    parts: Annotated[int, msgspec.Meta(ge=1)]
    entities: dict[str, list[dict[str, Any]]]

    def __post_init__(self) -> None:
        if self.part > self.parts:
            raise ValueError(f"snapshot part {self.part} > parts {self.parts}")


class Event(Frame, tag="event"):
    """Server → client: one change. `upsert` carries the whole entity, `remove` carries null."""

    seq: Seq
    ts: str
    kind: str
    op: Op
    id: str
    data: dict[str, Any] | None

    def __post_init__(self) -> None:
        if self.op == "upsert" and self.data is None:
            raise ValueError("an upsert event needs data")


class Events(Frame, tag="events"):
    """Server → client [EXT], only to a client whose hello said `batch: true`: the events of one
    commit, in seq order, as one frame (one write and one decode instead of one per event)."""

    events: list[Event]


class Reply(Frame, tag="reply", omit_defaults=True):
    """Server → client: the answer to the request with the same `id`."""

    id: str
    ok: bool
    data: dict[str, Any] | None = None
    error: ErrorInfo | None = None

    def __post_init__(self) -> None:
        if not self.ok and self.error is None:
            raise ValueError("a failed reply needs an error")


class Error(Frame, tag="error"):
    """Server → client: a bad frame or a failed handshake (not tied to a request)."""

    code: str
    message: str = ""


ClientFrame = Union[Hello, Request]
ServerFrame = Union[Welcome, Snapshot, Event, Events, Reply, Error]


# --- request arguments ------------------------------------------------------------------------

# Identifiers must be non-empty; a blank id can only be a client bug.
Id = Annotated[str, msgspec.Meta(min_length=1, max_length=128)]
# "Non-empty" free text means at least one visible character: "   " is no reason at all.
Text = Annotated[str, msgspec.Meta(pattern=r"\S", max_length=10000)]
Note = Annotated[str, msgspec.Meta(max_length=10000)]
Version = Annotated[int, msgspec.Meta(ge=0)]


class Args(msgspec.Struct, frozen=True, kw_only=True):
    """Base of every request argument schema."""


class LatLon(msgspec.Struct, frozen=True):
    """A WGS 84 point, as in the `location` field of tickets and alarms."""

    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]


class TicketCreate(Args, frozen=True):
    """`ticket.create`: register a new ticket; the server dispatches it by location."""

    category: Id
    title: Annotated[str, msgspec.Meta(pattern=r"\S", max_length=200)]
    description: Note = ""
    source: Id = "hotline"
    priority: Id | None = None  # None: the category's default priority
    location: LatLon | None = None
    address: Annotated[str, msgspec.Meta(max_length=200)] = ""
    region_id: Id | None = None
    reporter_name: Annotated[str, msgspec.Meta(max_length=50)] = ""
    reporter_phone: Annotated[str, msgspec.Meta(max_length=20)] = ""


class TicketStep(Args, frozen=True):
    """`ticket.accept`, `ticket.start`, `ticket.close`: move a ticket one stage on."""

    ticket_id: Id
    version: Version
    note: Note = ""


class TicketReject(Args, frozen=True):
    """`ticket.reject`: refuse to register a reported ticket (不予立案)."""

    ticket_id: Id
    version: Version
    reason: Text


class TicketAssign(Args, frozen=True):
    """`ticket.assign`: dispatch to a grid, a person, or both."""

    ticket_id: Id
    version: Version
    region_id: Id | None = None
    assignee_id: Id | None = None
    note: Note = ""

    def __post_init__(self) -> None:
        if self.region_id is None and self.assignee_id is None:
            raise ValueError("ticket.assign needs region_id or assignee_id")


class TicketEscalate(Args, frozen=True):
    """`ticket.escalate`: hand the ticket to the parent grid."""

    ticket_id: Id
    version: Version
    reason: Text


class TicketFeedback(Args, frozen=True):
    """`ticket.feedback`: the handler reports the result."""

    ticket_id: Id
    version: Version
    result: Text


class TicketVerify(Args, frozen=True):
    """`ticket.verify`: on-site check; `passed=False` sends the ticket back for rework."""

    ticket_id: Id
    version: Version
    passed: bool
    note: Note = ""


class TicketEvaluate(Args, frozen=True):
    """`ticket.evaluate`: satisfaction from 1 (worst) to 5 (best)."""

    ticket_id: Id
    version: Version
    satisfaction: Annotated[int, msgspec.Meta(ge=1, le=5)]
    comment: Note = ""


class TicketExtend(Args, frozen=True):
    """`ticket.extend`: extend the current stage's time limit."""

    ticket_id: Id
    version: Version
    minutes: Annotated[int, msgspec.Meta(gt=0)]
    reason: Text


class TicketGet(Args, frozen=True):
    """`ticket.get`: one ticket with its timeline."""

    ticket_id: Id


class AlarmStep(Args, frozen=True):
    """`alarm.ack`, `alarm.close`."""

    alarm_id: Id
    version: Version
    note: Note = ""


class AlarmToTicket(Args, frozen=True):
    """`alarm.to_ticket`: open a ticket from an alarm; category and title default server-side."""

    alarm_id: Id
    version: Version
    category: Id | None = None
    title: Text | None = None
    note: Note = ""


class ResidentSearch(Args, frozen=True):
    """`resident.search`: residents are never pushed, only fetched page by page."""

    query: Note = ""
    region_id: Id | None = None
    tags: list[Id] = []
    limit: Annotated[int, msgspec.Meta(ge=1, le=500)] = 50
    offset: Annotated[int, msgspec.Meta(ge=0)] = 0


class PlaceSearch(Args, frozen=True):
    """`place.search` [EXT]: compounds and buildings by name, number or address (for the map search)."""

    query: Annotated[str, msgspec.Meta(pattern=r"\S", max_length=100)]
    limit: Annotated[int, msgspec.Meta(ge=1, le=100)] = 20


class ResidentGet(Args, frozen=True):
    """`resident.get`: one resident record, sensitive fields masked."""

    resident_id: Id


class ResidentReveal(Args, frozen=True):
    """`resident.reveal`: unmask one sensitive field; the reason is audited."""

    resident_id: Id
    field: Literal["id_number", "phone"]
    reason: Text


def _parse_utc(name: str, value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{name} is not an ISO 8601 time: {value!r}") from None
    # A naive time would be read in the server's zone: ambiguous, so refuse it.
    if parsed.tzinfo is None:
        raise ValueError(f"{name} needs a time zone (e.g. 'Z'): {value!r}")
    return parsed


class StatsQuery(Args, frozen=True):
    """`stats.query`: indicators over [since, until), optionally grouped.

    `since` and `until` stay ISO strings on the wire and in the struct; `since_dt` and `until_dt`
    give the parsed, timezone-aware values.
    """

    since: str
    until: str
    region_id: Id | None = None
    group_by: Literal["region", "category", "source", "day", "none"] = "none"
    level: Annotated[int, msgspec.Meta(ge=0, le=4)] | None = None
    category: Id | None = None

    def __post_init__(self) -> None:
        if _parse_utc("since", self.since) >= _parse_utc("until", self.until):
            raise ValueError("since must be before until")

    @property
    def since_dt(self) -> datetime:
        """`since` as an aware datetime."""
        return _parse_utc("since", self.since)

    @property
    def until_dt(self) -> datetime:
        """`until` as an aware datetime."""
        return _parse_utc("until", self.until)


class StatsPopulation(Args, frozen=True):
    """`stats.population`: counts of residents by age, gender, type, political status, education, care tag."""

    region_id: Id | None = None


class StatsPeriod(StatsQuery, frozen=True):
    """`stats.staff` and `stats.alarms`: a period as in `stats.query`, a region, and at most `limit` rows."""

    limit: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 200


class StatsOverdue(Args, frozen=True):
    """`stats.overdue`: open tickets past their handling deadline at `until`, oldest first."""

    until: str
    region_id: Id | None = None
    limit: Annotated[int, msgspec.Meta(ge=1, le=1000)] = 200

    def __post_init__(self) -> None:
        _parse_utc("until", self.until)

    @property
    def until_dt(self) -> datetime:
        """`until` as an aware datetime."""
        return _parse_utc("until", self.until)


REQUEST_ARGS: dict[str, type[Args]] = {
    "ticket.create": TicketCreate,
    "ticket.accept": TicketStep,
    "ticket.start": TicketStep,
    "ticket.close": TicketStep,
    "ticket.reject": TicketReject,
    "ticket.assign": TicketAssign,
    "ticket.escalate": TicketEscalate,
    "ticket.feedback": TicketFeedback,
    "ticket.verify": TicketVerify,
    "ticket.evaluate": TicketEvaluate,
    "ticket.extend": TicketExtend,
    "ticket.get": TicketGet,
    "alarm.ack": AlarmStep,
    "alarm.close": AlarmStep,
    "alarm.to_ticket": AlarmToTicket,
    "resident.search": ResidentSearch,
    "resident.get": ResidentGet,
    "resident.reveal": ResidentReveal,
    "stats.query": StatsQuery,
    "stats.population": StatsPopulation,
    "stats.staff": StatsPeriod,
    "stats.alarms": StatsPeriod,
    "stats.overdue": StatsOverdue,
    "place.search": PlaceSearch,
}
"""Request name → argument schema. Extending the protocol with a request means adding it here."""
