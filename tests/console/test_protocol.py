"""The sans-I/O protocol core: frames, codec, request args, client and server sessions.

No sockets: bytes in, typed results out (websockets' tests/test_protocol.py style).
"""

from __future__ import annotations

import json

import msgspec
import pytest

from console import protocol as p
from console.protocol import (
    Error, ErrorInfo, Event, Hello, ProtocolError, Reply, Request, Snapshot, UserInfo, Welcome,
)

TS = "2026-11-23T10:00:00.123Z"
TICKET = {"id": "T20261123-0042", "version": 7, "status": "dispatched", "title": "路灯不亮"}


def dumps(obj) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode()


def welcome(head=0) -> bytes:
    return p.encode(Welcome(1, UserInfo("u1", "Li Wei", "dispatcher"), ["ticket.assign"], head))


def snapshot(seq, part=1, parts=1, entities=None) -> bytes:
    return p.encode(Snapshot(seq, part, parts, entities if entities is not None else {}))


def event(seq, kind="ticket", op="upsert", id="T1", data=None) -> bytes:
    if op == "upsert" and data is None:
        data = {"id": id, "version": seq}
    return p.encode(Event(seq, TS, kind, op, id, data))


# --- frames and codec -------------------------------------------------------------------------

CLIENT_FRAMES = [
    Hello(1, "tok", None, "gridline-console/0.1"),
    Hello(1, "tok", 1234, "x"),
    Request("c-1-ab", "ticket.assign", {"ticket_id": "T1", "version": 7, "region_id": "G-1"}),
]
SERVER_FRAMES = [
    Welcome(1, UserInfo("u1", "Li", "dispatcher"), ["ticket.assign", "alarm.ack"], 1234),
    Welcome(1, UserInfo("u1", "Li", "leader"), [], 0, server_time=TS),
    Snapshot(1234, 2, 3, {"ticket": [TICKET], "region": []}),
    Event(1235, TS, "ticket", "upsert", TICKET["id"], TICKET),
    Event(1236, TS, "alarm", "remove", "A1", None),
    Reply("c-8f2a", True, {"seq": 1240, "ticket": TICKET}),
    Reply("c-8f2a", False, error=ErrorInfo("conflict", "stale version", {"version": 8})),
    Error("invalid", "not JSON"),
]


@pytest.mark.parametrize("frame", CLIENT_FRAMES, ids=repr)
def test_client_frame_round_trips(frame):
    assert p.decode_client_frame(p.encode(frame)) == frame
    assert p.decode_client_frame(p.encode_str(frame)) == frame


@pytest.mark.parametrize("frame", SERVER_FRAMES, ids=repr)
def test_server_frame_round_trips(frame):
    assert p.decode_server_frame(p.encode(frame)) == frame
    assert p.decode_server_frame(p.encode_str(frame)) == frame


def test_frames_match_protocol_examples():
    hello = json.loads(p.encode(Hello(1, "t", None, "gridline-console/0.1")))
    assert hello == {"type": "hello", "protocol": 1, "token": "t", "resume_from": None,
                     "client": "gridline-console/0.1"}
    assert json.loads(p.encode(Reply("c", True, {"seq": 1}))) == {
        "type": "reply", "id": "c", "ok": True, "data": {"seq": 1}}
    assert json.loads(p.encode(Reply("c", False, error=ErrorInfo("conflict", "m", {"v": 1})))) == {
        "type": "reply", "id": "c", "ok": False,
        "error": {"code": "conflict", "message": "m", "data": {"v": 1}}}
    removed = json.loads(p.encode(Event(5, TS, "alarm", "remove", "A1", None)))
    assert removed["data"] is None


def test_unknown_fields_are_ignored_for_forward_compatibility():
    frame = {"type": "event", "seq": 3, "ts": TS, "kind": "gate", "op": "upsert", "id": "g",
             "data": {"id": "g", "version": 1}, "origin": "replica-2"}
    assert p.decode_server_frame(dumps(frame)).kind == "gate"
    hello = {"type": "hello", "protocol": 1, "token": "t", "resume_from": None, "future": [1]}
    assert p.decode_client_frame(dumps(hello)) == Hello(1, "t", None, "")


def test_upsert_without_data_is_invalid():
    frame = {"type": "event", "seq": 3, "ts": TS, "kind": "ticket", "op": "upsert", "id": "T",
             "data": None}
    with pytest.raises(ProtocolError, match="upsert event needs data"):
        p.decode_server_frame(dumps(frame))


@pytest.mark.parametrize(("data", "message"), [
    (b"not json", "not JSON"),
    (b'{"type": "hello"', "not JSON"),
    (b"\xff\xfe", "not JSON"),
    (b"[1, 2]", "not a JSON object"),
    (b'"hello"', "not a JSON object"),
    (b"42", "not a JSON object"),
    (b"{}", "no 'type' field"),
    (b'{"protocol": 1, "token": "t"}', "no 'type' field"),
    (b'{"type": 5}', "'type' must be a string"),
    (b'{"type": "welcome"}', "unknown frame type 'welcome'"),
    (b'{"type": "ping"}', "unknown frame type 'ping'"),
    (b'{"type": "hello", "protocol": "1", "token": "t"}', "$.protocol"),
    (b'{"type": "hello", "protocol": 1, "token": "t", "resume_from": "9"}', "$.resume_from"),
    (b'{"type": "hello", "protocol": 1, "token": "t", "resume_from": true}', "$.resume_from"),
    (b'{"type": "hello", "protocol": 1}', "missing required field `token`"),
    (b'{"type": "request", "id": 7, "name": "ticket.get", "args": {}}', "$.id"),
    (b'{"type": "request", "id": "c-1", "name": "ticket.get", "args": []}', "$.args"),
    (dumps({"type": "request", "id": "x" * 65, "name": "n", "args": {}}), "$.id"),
])
def test_bad_client_frames_raise_invalid_naming_the_problem(data, message):
    with pytest.raises(ProtocolError) as info:
        p.decode_client_frame(data)
    assert info.value.code == "invalid"
    assert message in info.value.message
    assert not info.value.too_big


def test_error_messages_do_not_echo_huge_input():
    with pytest.raises(ProtocolError) as info:
        p.decode_client_frame(dumps({"type": "x" * 100_000}))
    assert len(info.value.message) <= p.MAX_MESSAGE


def test_bad_request_frame_keeps_a_usable_id():
    bad_args = b'{"type": "request", "id": "c-1", "name": "ticket.get", "args": []}'
    with pytest.raises(ProtocolError) as info:
        p.decode_client_frame(bad_args)
    assert info.value.request_id == "c-1"
    with pytest.raises(ProtocolError) as info:
        p.decode_client_frame(b'{"type": "request", "id": 7, "name": "x", "args": {}}')
    assert info.value.request_id is None


@pytest.mark.parametrize("as_str", [False, True])
def test_oversized_client_frame_is_too_big(as_str):
    frame = dumps({"type": "hello", "protocol": 1, "token": "t" * p.MAX_FRAME_BYTES})
    with pytest.raises(ProtocolError) as info:
        p.decode_client_frame(frame.decode() if as_str else frame)
    assert info.value.too_big and info.value.code == "invalid"


def test_frame_size_counts_utf8_bytes_not_characters():
    # 400,000 CJK characters: under 1 MiB characters, 1.2 MB of UTF-8.
    frame = dumps({"type": "hello", "protocol": 1, "token": "网" * 400_000}).decode()
    assert len(frame) < p.MAX_FRAME_BYTES
    with pytest.raises(ProtocolError) as info:
        p.decode_client_frame(frame)
    assert info.value.too_big


def test_frame_just_under_the_limit_is_accepted():
    head = b'{"type":"hello","protocol":1,"token":"'
    frame = head + b"t" * (p.MAX_FRAME_BYTES - len(head) - 2) + b'"}'
    assert len(frame) == p.MAX_FRAME_BYTES
    assert p.decode_client_frame(frame).protocol == 1


def test_server_frames_have_no_size_limit_by_default():
    big = snapshot(1, entities={"ticket": [{"id": str(i), "pad": "x" * 100} for i in range(20_000)]})
    assert len(big) > p.MAX_FRAME_BYTES
    assert p.decode_server_frame(big).seq == 1
    with pytest.raises(ProtocolError):
        p.decode_server_frame(big, max_bytes=p.MAX_FRAME_BYTES)


@pytest.mark.parametrize("data", [TICKET, None, {"id": "x", "nested": {"a": [1, 2.5, "网"]}}])
def test_encode_event_matches_encoding_an_event(data):
    op = "remove" if data is None else "upsert"
    expected = p.encode(Event(1235, TS, "ticket", op, "T1", data))
    assert p.encode_event(1235, TS, "ticket", op, "T1", data) == expected
    if data is not None:
        raw = msgspec.json.encode(data)
        assert p.encode_event(1235, TS, "ticket", op, "T1", raw) == expected
        assert p.encode_event(1235, TS, "ticket", op, "T1", bytearray(raw)) == expected


def test_encode_event_escapes_strings():
    frame = p.encode_event(1, TS, "ticket", "upsert", 'T"\n1', {"id": 'T"\n1'})
    assert p.decode_server_frame(frame).id == 'T"\n1'


# --- request arguments ------------------------------------------------------------------------

STEP = {"ticket_id": "T1", "version": 7}
VALID_ARGS = [
    ("ticket.create", {"category": "road", "title": "路灯不亮"}),
    ("ticket.create", {"category": "road", "title": "t", "location": {"lat": 39.9, "lon": 116.4},
                       "priority": "urgent", "reporter_phone": "138"}),
    ("ticket.accept", STEP),
    ("ticket.start", {**STEP, "note": "on my way"}),
    ("ticket.close", STEP),
    ("ticket.reject", {**STEP, "reason": "duplicate"}),
    ("ticket.assign", {**STEP, "region_id": "G-0102-03"}),
    ("ticket.assign", {**STEP, "assignee_id": "S-1"}),
    ("ticket.escalate", {**STEP, "reason": "needs the street"}),
    ("ticket.feedback", {**STEP, "result": "fixed"}),
    ("ticket.verify", {**STEP, "passed": False}),
    ("ticket.evaluate", {**STEP, "satisfaction": 5}),
    ("ticket.extend", {**STEP, "minutes": 30, "reason": "parts on order"}),
    ("ticket.get", {"ticket_id": "T1"}),
    ("alarm.ack", {"alarm_id": "A1", "version": 1}),
    ("alarm.close", {"alarm_id": "A1", "version": 2, "note": "false alarm"}),
    ("alarm.to_ticket", {"alarm_id": "A1", "version": 2}),
    ("resident.search", {}),
    ("resident.search", {"query": "王", "tags": ["elderly_alone"], "limit": 500, "offset": 50}),
    ("resident.get", {"resident_id": "R1"}),
    ("resident.reveal", {"resident_id": "R1", "field": "phone", "reason": "welfare visit"}),
    ("stats.query", {"since": "2026-11-01T00:00:00Z", "until": "2026-11-23T00:00:00Z"}),
    ("stats.population", {}),
    ("stats.population", {"region_id": "S1-C1"}),
    ("stats.staff", {"since": "2026-11-01T00:00:00+08:00", "until": "2026-12-01T00:00:00+08:00", "limit": 20}),
    ("stats.alarms", {"since": "2026-11-01T00:00:00Z", "until": "2026-11-23T00:00:00Z", "region_id": "S1"}),
    ("stats.overdue", {"until": "2026-11-23T00:00:00Z", "limit": 50}),
    ("place.search", {"query": "幸福里小区3号楼", "limit": 5}),
    ("stats.query", {"since": "2026-11-01T00:00:00+08:00", "until": "2026-11-23T00:00:00Z",
                     "group_by": "category", "level": 3, "region_id": "G-1"}),
]
INVALID_ARGS = [
    ("ticket.create", {"title": "t"}, "category"),
    ("ticket.create", {"category": "road", "title": "  "}, "$.title"),
    ("ticket.create", {"category": "road", "title": "t", "location": {"lat": 91, "lon": 0}},
     "$.location.lat"),
    ("ticket.create", {"category": "road", "title": "t", "location": [1, 2]}, "$.location"),
    ("ticket.accept", {"ticket_id": "T1"}, "version"),
    ("ticket.start", {"ticket_id": "T1", "version": "7"}, "$.version"),
    ("ticket.close", {"ticket_id": "T1", "version": True}, "$.version"),
    ("ticket.close", {"ticket_id": "", "version": 1}, "$.ticket_id"),
    ("ticket.reject", STEP, "reason"),
    ("ticket.reject", {**STEP, "reason": ""}, "$.reason"),
    ("ticket.assign", STEP, "region_id or assignee_id"),
    ("ticket.escalate", {**STEP, "reason": " \n"}, "$.reason"),
    ("ticket.feedback", {**STEP, "result": ""}, "$.result"),
    ("ticket.verify", {**STEP, "passed": "yes"}, "$.passed"),
    ("ticket.evaluate", {**STEP, "satisfaction": 0}, "$.satisfaction"),
    ("ticket.evaluate", {**STEP, "satisfaction": 6}, "$.satisfaction"),
    ("ticket.extend", {**STEP, "minutes": 0, "reason": "r"}, "$.minutes"),
    ("ticket.extend", {**STEP, "minutes": 10}, "reason"),
    ("ticket.get", {}, "ticket_id"),
    ("alarm.ack", {"alarm_id": "A1"}, "version"),
    ("alarm.close", {"alarm_id": "A1", "version": -1}, "$.version"),
    ("alarm.to_ticket", {"alarm_id": "A1", "version": 1, "category": 5}, "$.category"),
    ("resident.search", {"limit": 0}, "$.limit"),
    ("resident.search", {"limit": 501}, "$.limit"),
    ("resident.search", {"offset": -1}, "$.offset"),
    ("resident.search", {"tags": "elderly"}, "$.tags"),
    ("resident.get", {}, "resident_id"),
    ("resident.reveal", {"resident_id": "R1", "field": "name", "reason": "r"}, "$.field"),
    ("resident.reveal", {"resident_id": "R1", "field": "phone", "reason": ""}, "$.reason"),
    ("stats.query", {"since": "yesterday", "until": "2026-11-23T00:00:00Z"}, "ISO 8601"),
    ("stats.query", {"since": "2026-11-01T00:00:00", "until": "2026-11-23T00:00:00Z"},
     "time zone"),
    ("stats.query", {"since": "2026-11-23T00:00:00Z", "until": "2026-11-01T00:00:00Z"},
     "before until"),
    ("stats.query", {"since": "2026-11-01T00:00:00Z", "until": "2026-11-23T00:00:00Z",
                     "group_by": "week"}, "$.group_by"),
    ("stats.query", {"since": "2026-11-01T00:00:00Z", "until": "2026-11-23T00:00:00Z",
                     "level": 5}, "$.level"),
    ("stats.population", {"region_id": 5}, "$.region_id"),
    ("stats.staff", {"since": "2026-11-01T00:00:00Z", "until": "2026-12-01T00:00:00Z", "limit": 0}, "$.limit"),
    ("stats.alarms", {"since": "2026-12-01T00:00:00Z", "until": "2026-11-01T00:00:00Z"}, "before until"),
    ("stats.overdue", {"until": "tomorrow"}, "ISO 8601"),
    ("place.search", {"query": " "}, "query"),
]


def test_every_request_has_valid_and_invalid_cases():
    assert {name for name, _ in VALID_ARGS} == set(p.REQUEST_ARGS)
    assert {name for name, _, _ in INVALID_ARGS} == set(p.REQUEST_ARGS)


@pytest.mark.parametrize(("name", "args"), VALID_ARGS, ids=lambda v: str(v)[:40])
def test_valid_request_args_decode_to_their_schema(name, args):
    decoded = p.decode_args(name, args)
    assert isinstance(decoded, p.REQUEST_ARGS[name])
    # What the client encodes from the struct decodes to the same struct on the server.
    assert p.decode_args(name, msgspec.to_builtins(decoded)) == decoded


@pytest.mark.parametrize(("name", "args", "message"), INVALID_ARGS, ids=lambda v: str(v)[:40])
def test_invalid_request_args_raise_invalid(name, args, message):
    with pytest.raises(ProtocolError) as info:
        p.decode_args(name, args)
    assert info.value.code == "invalid"
    assert name in info.value.message and message in info.value.message


def test_request_args_defaults():
    create = p.decode_args("ticket.create", {"category": "road", "title": "t"})
    # no priority given: the server applies the category's default (an emergency is not "normal")
    assert (create.source, create.priority, create.location, create.region_id) == (
        "hotline", None, None, None)
    search = p.decode_args("resident.search", {})
    assert (search.query, search.tags, search.limit, search.offset) == ("", [], 50, 0)
    stats = p.decode_args("stats.query", {"since": "2026-11-01T00:00:00Z",
                                          "until": "2026-11-02T00:00:00Z"})
    assert stats.group_by == "none"
    assert (stats.until_dt - stats.since_dt).days == 1


def test_unknown_request_name_is_invalid():
    with pytest.raises(ProtocolError, match="unknown request 'ticket.explode'") as info:
        p.decode_args("ticket.explode", {})
    assert info.value.code == "invalid"


# --- client session ---------------------------------------------------------------------------

def test_client_hello_frame():
    session = p.ClientSession("tok", resume_from=41)
    assert json.loads(session.hello_frame()) == {
        "type": "hello", "protocol": 1, "token": "tok", "resume_from": 41,
        "client": p.CLIENT_NAME}
    assert session.last_seq == 41


def test_client_welcome():
    session = p.ClientSession("tok")
    [welcomed] = session.receive(welcome(head=99))
    assert welcomed == p.Welcomed(UserInfo("u1", "Li Wei", "dispatcher"), ["ticket.assign"], 99)


def test_client_rejects_welcome_of_another_protocol():
    frame = p.encode(Welcome(2, UserInfo("u", "n", "r"), [], 0))
    [event] = p.ClientSession("t").receive(frame)
    assert isinstance(event, p.Malformed) and event.error.code == "unsupported_protocol"


def test_single_part_snapshot_then_events_in_order():
    session = p.ClientSession("tok")
    session.receive(welcome(10))
    [ready] = session.receive(snapshot(10, entities={"ticket": [TICKET]}))
    assert ready == p.SnapshotReady(10, {"ticket": [TICKET]})
    assert session.last_seq == 10
    [d11] = session.receive(event(11))
    [d12] = session.receive(event(12, op="remove", id="T1"))
    assert (d11.event.seq, d12.event.seq, d12.event.data) == (11, 12, None)
    assert session.last_seq == 12


def test_snapshot_parts_are_merged_when_all_arrived():
    session = p.ClientSession("tok")
    assert session.receive(snapshot(50, 1, 3, {"ticket": [{"id": "a"}], "region": [{"id": "r"}]}))\
        == []
    assert session.receive(snapshot(50, 2, 3, {"ticket": [{"id": "b"}]})) == []
    assert session.last_seq is None
    [ready] = session.receive(snapshot(50, 3, 3, {"camera": [{"id": "c"}]}))
    assert ready.seq == 50 and session.last_seq == 50
    assert ready.entities == {"ticket": [{"id": "a"}, {"id": "b"}], "region": [{"id": "r"}],
                              "camera": [{"id": "c"}]}
    [delta] = session.receive(event(51))
    assert delta.event.seq == 51


def test_snapshot_parts_out_of_order_break_the_stream():
    session = p.ClientSession("tok")
    session.receive(snapshot(50, 1, 3))
    [broken] = session.receive(snapshot(50, 3, 3))
    assert isinstance(broken, p.SnapshotBroken) and isinstance(broken, p.Resync)
    assert "out of order" in broken.reason
    assert session.broken is broken and session.last_seq is None


def test_snapshot_starting_after_part_one_breaks_the_stream():
    [broken] = p.ClientSession("tok").receive(snapshot(50, 2, 3))
    assert isinstance(broken, p.SnapshotBroken) and "before part 1" in broken.reason


def test_snapshot_part_for_another_seq_breaks_the_stream():
    session = p.ClientSession("tok")
    session.receive(snapshot(50, 1, 2))
    [broken] = session.receive(snapshot(51, 2, 2))
    assert isinstance(broken, p.SnapshotBroken) and "seq 51" in broken.reason


def test_snapshot_part_count_changing_breaks_the_stream():
    session = p.ClientSession("tok")
    session.receive(snapshot(50, 1, 3))
    [broken] = session.receive(snapshot(50, 2, 2))
    assert isinstance(broken, p.SnapshotBroken)


def test_missing_snapshot_part_is_detected_when_events_follow():
    session = p.ClientSession("tok")
    session.receive(snapshot(50, 1, 2))
    [broken] = session.receive(event(51))
    assert isinstance(broken, p.SnapshotBroken) and "incomplete" in broken.reason
    assert session.last_seq is None


def test_event_before_any_snapshot_breaks_the_stream():
    [broken] = p.ClientSession("tok").receive(event(1))
    assert isinstance(broken, p.SnapshotBroken)


def test_gap_is_detected_and_later_state_frames_are_dropped():
    session = p.ClientSession("tok", resume_from=100)
    [delta] = session.receive(event(101))
    [gap] = session.receive(event(103))
    assert gap == p.GapDetected(expected=102, got=103)
    assert isinstance(gap, p.Resync) and "expected seq 102" in gap.reason
    assert session.last_seq == 101  # reconnect with resume_from=101
    assert session.receive(event(102)) == []
    assert session.receive(snapshot(200)) == []
    assert session.dropped == 2 and session.last_seq == 101
    # Replies still get through: requests in flight can complete.
    [reply] = session.receive(p.encode(Reply("c-1", True, {})))
    assert isinstance(reply, p.ReplyReceived)


def test_first_event_after_snapshot_must_follow_it():
    session = p.ClientSession("tok")
    session.receive(snapshot(10))
    [gap] = session.receive(event(12))
    assert gap == p.GapDetected(11, 12)


def test_duplicate_events_are_dropped_and_counted():
    session = p.ClientSession("tok", resume_from=100)
    applied = []
    for seq in (99, 100, 101, 101, 102, 100, 102, 103):
        applied += [e.event.seq for e in session.receive(event(seq)) if isinstance(e, p.Delta)]
    assert applied == [101, 102, 103]
    assert session.duplicates == 5 and session.broken is None


def test_snapshot_replaces_resumed_position():
    # The server may answer an old resume_from with a snapshot.
    session = p.ClientSession("tok", resume_from=5)
    [ready] = session.receive(snapshot(900))
    assert ready.seq == 900 and session.last_seq == 900
    assert session.receive(event(900)) == [] and session.duplicates == 1


def test_client_reports_replies_errors_and_malformed_frames():
    session = p.ClientSession("tok")
    failed = Reply("c-1", False, error=ErrorInfo("conflict", "stale", {"version": 9}))
    assert session.receive(p.encode(failed)) == [p.ReplyReceived(failed)]
    assert session.receive(p.encode(Error("unauthorized", "expired"))) == [
        p.ServerError("unauthorized", "expired")]
    for bad in (b"nope", b"[]", b'{"type": "event", "seq": "x"}', b'{"type": "hello"}'):
        [malformed] = session.receive(bad)
        assert isinstance(malformed, p.Malformed) and malformed.error.code == "invalid"
    assert session.broken is None


def test_request_frame_generates_unique_short_ids():
    session = p.ClientSession("tok")
    ids = set()
    for _ in range(100):
        rid, frame = session.request_frame("ticket.get", {"ticket_id": "T1"})
        assert rid.startswith("c-") and len(rid) <= 64
        assert p.decode_client_frame(frame) == Request(rid, "ticket.get", {"ticket_id": "T1"})
        ids.add(rid)
    assert len(ids) == 100
    other, _ = p.ClientSession("tok").request_frame("ticket.get", {"ticket_id": "T1"})
    assert other not in ids  # the random part keeps ids apart across sessions


def test_request_frame_reuses_a_given_id_and_accepts_structs():
    session = p.ClientSession("tok")
    args = p.decode_args("ticket.assign", {"ticket_id": "T1", "version": 3, "region_id": "G"})
    rid, frame = session.request_frame("ticket.assign", args, request_id="retry-1")
    request = p.decode_client_frame(frame)
    assert rid == "retry-1" and p.decode_args(request.name, request.args) == args


def test_request_frame_validates_known_requests_before_sending():
    session = p.ClientSession("tok")
    with pytest.raises(ProtocolError, match=r"\$\.version"):
        session.request_frame("ticket.accept", {"ticket_id": "T1", "version": "7"})
    with pytest.raises(ProtocolError):
        session.request_frame("ticket.get", {"ticket_id": "T1"}, request_id="x" * 65)
    # Unknown names pass: a newer server may know more requests.
    rid, frame = session.request_frame("volunteer.list")
    assert p.decode_client_frame(frame).args == {}


# --- server session ---------------------------------------------------------------------------

HELLO = p.encode(Hello(1, "tok", None, "test"))
GET = dumps({"type": "request", "id": "c-1", "name": "ticket.get", "args": {"ticket_id": "T1"}})


def open_session(now=0.0) -> p.ServerSession:
    session = p.ServerSession(connected_at=now)
    assert isinstance(session.receive(HELLO, now), p.GotHello)
    return session


def test_server_accepts_hello_then_requests():
    session = p.ServerSession(connected_at=0.0)
    got = session.receive(HELLO, 1.0)
    assert got == p.GotHello(Hello(1, "tok", None, "test"))
    action = session.receive(GET, 2.0)
    assert isinstance(action, p.GotRequest)
    assert action.request.id == "c-1"
    assert action.args == p.TicketGet(ticket_id="T1")


def test_server_requires_hello_first():
    session = p.ServerSession(connected_at=0.0)
    action = session.receive(GET, 1.0)
    assert isinstance(action, p.SendError)
    assert action.frame == Error("invalid", "the first frame must be hello")
    assert json.loads(action.data)["type"] == "error"
    assert isinstance(session.receive(HELLO, 2.0), p.GotHello)


def test_server_closes_on_unsupported_protocol():
    session = p.ServerSession(connected_at=0.0)
    action = session.receive(p.encode(Hello(2, "tok")), 1.0)
    assert isinstance(action, p.CloseAction) and action.code == p.CLOSE_UNSUPPORTED == 4400
    assert action.frame.code == "unsupported_protocol"
    assert json.loads(action.data)["code"] == "unsupported_protocol"
    assert session.receive(HELLO, 2.0) is action  # closed stays closed


def test_server_rejects_second_hello():
    action = open_session().receive(HELLO, 1.0)
    assert isinstance(action, p.SendError) and "already" in action.frame.message


def test_server_unauthorized_closes_4401():
    session = open_session()
    action = session.unauthorized("token expired")
    assert (action.code, action.frame) == (4401, Error("unauthorized", "token expired"))
    assert session.closed is action


def test_server_close_reason_fits_a_websocket_close_frame():
    action = open_session().unauthorized("令牌" * 100)
    assert len(action.reason.encode()) <= 123
    assert action.frame.message == "令牌" * 100


def test_server_hello_timeout():
    session = p.ServerSession(connected_at=100.0)
    assert session.check_hello_timeout(109.9) is None
    action = session.check_hello_timeout(110.0)
    assert action.code == p.CLOSE_HELLO_TIMEOUT == 4408
    assert open_session(100.0).check_hello_timeout(500.0) is None


def test_server_closes_oversized_frames_with_1009():
    session = open_session()
    action = session.receive(b"x" * (p.MAX_FRAME_BYTES + 1), 1.0)
    assert isinstance(action, p.CloseAction) and action.code == p.CLOSE_TOO_BIG == 1009
    assert action.frame is None


@pytest.mark.parametrize("data", [b"nope", b"[]", b"{}", b'{"type": "welcome"}',
                                  b'{"type": "hello", "protocol": 1, "token": 5}'])
def test_server_answers_bad_frames_with_an_error_frame(data):
    action = open_session().receive(data, 1.0)
    assert isinstance(action, p.SendError)
    assert isinstance(action.frame, Error) and action.frame.code == "invalid"


@pytest.mark.parametrize(("request_", "message"), [
    ({"name": "ticket.explode", "args": {}}, "unknown request 'ticket.explode'"),
    ({"name": "ticket.get", "args": {}}, "ticket_id"),
    ({"name": "ticket.get", "args": []}, "$.args"),
    ({"name": 5, "args": {}}, "$.name"),
])
def test_server_answers_bad_requests_with_a_failed_reply(request_, message):
    frame = dumps({"type": "request", "id": "c-9", **request_})
    action = open_session().receive(frame, 1.0)
    assert isinstance(action, p.SendError) and isinstance(action.frame, Reply)
    reply = action.frame
    assert (reply.id, reply.ok, reply.error.code) == ("c-9", False, "invalid")
    assert message in reply.error.message
    assert p.decode_server_frame(action.data) == reply


def test_server_answers_request_with_unusable_id_with_an_error_frame():
    frame = dumps({"type": "request", "id": "", "name": "ticket.get", "args": {}})
    action = open_session().receive(frame, 1.0)
    assert isinstance(action, p.SendError) and isinstance(action.frame, Error)


def test_twenty_bad_frames_are_tolerated_the_twenty_first_closes():
    session = open_session()
    for i in range(p.BAD_FRAME_LIMIT):
        assert isinstance(session.receive(b"nope", 1.0 + i * 0.1), p.SendError)
    action = session.receive(b"nope", 5.0)
    assert isinstance(action, p.CloseAction) and action.code == p.CLOSE_POLICY == 1008
    assert session.receive(GET, 5.1) is action


def test_bad_frames_age_out_of_the_window():
    session = open_session()
    for _ in range(p.BAD_FRAME_LIMIT):
        assert isinstance(session.receive(b"nope", 0.0), p.SendError)
    # Ten seconds later the first twenty no longer count.
    for _ in range(p.BAD_FRAME_LIMIT):
        assert isinstance(session.receive(b"nope", 10.0), p.SendError)
    assert isinstance(session.receive(b"nope", 19.9), p.CloseAction)


def test_bad_requests_count_against_the_budget_but_good_ones_do_not():
    session = open_session()
    bad = dumps({"type": "request", "id": "c-1", "name": "ticket.get", "args": {}})
    for _ in range(p.BAD_FRAME_LIMIT):
        assert isinstance(session.receive(bad, 1.0), p.SendError)
        assert isinstance(session.receive(GET, 1.0), p.GotRequest)
    assert isinstance(session.receive(bad, 1.0), p.CloseAction)


def test_protocol_module_does_no_io():
    import console.protocol
    import console.protocol_args

    for module in (console.protocol, console.protocol_args):
        source = open(module.__file__, encoding="utf-8").read()
        for word in ("import asyncio", "import socket", "PySide6", "import websockets"):
            assert word not in source, (module.__name__, word)
