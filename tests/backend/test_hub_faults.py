"""Bad frames, handshake failures, resume after a dropped connection, snapshot in parts."""

import asyncio

import pytest
from websockets.asyncio.client import connect
from websockets.exceptions import ConnectionClosed

from backend.server import Server, ServeOptions

from .test_hub import LOC_A, create
from .wsclient import Client


async def closed_code(c: Client) -> int:
    with pytest.raises(ConnectionClosed):
        while True:
            await c.recv(timeout=15)
    return c.ws.close_code


@pytest.mark.parametrize("frame, fragment", [
    ("not json at all", "JSON"),
    ("[1, 2, 3]", "object"),
    ('{"id": "x"}', "type"),
    ('{"type": "teleport"}', "teleport"),
    ('{"type": "request", "id": 42, "name": "ticket.get", "args": {}}', "$.id"),
    ('{"type": "request", "id": "r1", "name": "ticket.accept", "args": {"ticket_id": "T", "version": "7"}}', "version"),
    ('{"type": "request", "id": "r2", "name": "no.such", "args": {}}', "no.such"),
])
async def test_each_bad_frame_gets_a_clear_error_and_the_connection_stays(hub_server, frame, fragment):
    c = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await c.welcome_and_state()
    await c.send(frame)
    err = await c.until(lambda f: f["type"] == "error")  # PROTOCOL.md: every bad frame gets an error frame
    assert err["code"] == "invalid" and fragment in err["message"]
    if '"id": "r' in frame:  # and a request whose id was readable is also settled by a failed reply
        reply = await c.recv()
        assert reply["type"] == "reply" and reply["ok"] is False and reply["error"]["code"] == "invalid"
    t = await create(c)  # still open and working
    assert t["status"] == "reported"
    await c.close()


async def test_more_than_twenty_bad_frames_in_ten_seconds_close_with_1008_others_unaffected(hub_server):
    good = await Client.open(hub_server.ws_url, hub_server.tokens["duty"])
    await good.welcome_and_state()
    bad = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await bad.welcome_and_state()
    for _ in range(21):
        await bad.send("{broken")
    assert await closed_code(bad) == 1008
    t = await create(good)
    assert t["id"]
    await good.close()


async def test_oversized_frame_closes_with_1009(hub_server):
    c = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await c.welcome_and_state()
    await c.send('{"type": "request", "id": "big", "name": "ticket.create", "args": {"title": "' + "x" * (1 << 20) + '"}}')
    assert await closed_code(c) == 1009


async def test_bad_token_is_refused_with_4401(hub_server):
    c = await Client.open(hub_server.ws_url, "gl_not-a-token")
    err = await c.recv()
    assert err == {"type": "error", "code": "unauthorized", "message": err["message"]} and err["message"]
    assert await closed_code(c) == 4401


async def test_unsupported_protocol_is_refused_with_4400(hub_server):
    c = await Client.open(hub_server.ws_url, hub_server.tokens["duty"], protocol=2)
    err = await c.recv()
    assert err["code"] == "unsupported_protocol"
    assert await closed_code(c) == 4400


async def test_bad_frames_before_hello_do_not_extend_the_hello_deadline(hub_server):
    hub_server.hub.hello_timeout = 1.0
    c = Client(await connect(hub_server.ws_url))
    for _ in range(4):
        await c.send("{junk")
        await asyncio.sleep(0.3)
    assert await closed_code(c) == 4408


async def test_no_hello_in_time_closes_with_4408(hub_server):
    hub_server.hub.hello_timeout = 0.3
    ws = await connect(hub_server.ws_url)
    c = Client(ws)
    assert await closed_code(c) == 4408


async def test_other_paths_are_not_the_websocket(hub_server):
    import urllib.request

    body = await asyncio.to_thread(lambda: urllib.request.urlopen(f"http://127.0.0.1:{hub_server.hub.port}/health").read())
    assert body.startswith(b"ok head=")


async def test_resume_after_a_forced_disconnect_has_no_gap_and_no_duplicate(hub_server):
    watcher = await Client.open(hub_server.ws_url, hub_server.tokens["duty"])
    _, _, seq = await watcher.welcome_and_state()
    writer = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await writer.welcome_and_state()
    await create(writer)
    first = await watcher.until(lambda f: f["type"] == "event")
    last_applied = first["seq"]
    watcher.ws.transport.abort()
    for _ in range(5):  # the world moves on while the watcher is away
        await create(writer)
    back = await Client.open(hub_server.ws_url, hub_server.tokens["duty"], resume_from=last_applied)
    welcome = await back.recv()
    assert welcome["type"] == "welcome"
    seqs = []
    while len(seqs) < 5:
        f = await back.recv()
        assert f["type"] == "event", f  # no snapshot on a resume the server can serve
        seqs.append(f["seq"])
    assert seqs == list(range(last_applied + 1, last_applied + 6))
    await create(writer)
    live = await back.until(lambda f: f["type"] == "event")
    assert live["seq"] == last_applied + 6
    await back.close()
    await writer.close()


async def test_resume_older_than_memory_replays_from_the_event_log(hub_server):
    hub_server.hub.state._ring.clear()  # as if the hub had restarted: only the database remembers
    writer = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    _, _, seq = await writer.welcome_and_state()
    for _ in range(3):
        await create(writer)
    hub_server.hub.state._ring.clear()
    back = await Client.open(hub_server.ws_url, hub_server.tokens["duty"], resume_from=seq)
    await back.recv()
    seqs = [(await back.recv())["seq"] for _ in range(3)]
    assert seqs == [seq + 1, seq + 2, seq + 3]
    await back.close()
    await writer.close()


async def test_resume_the_server_cannot_serve_gets_a_snapshot(hub_server):
    c = await Client.open(hub_server.ws_url, hub_server.tokens["duty"], resume_from=10_000_000)
    _, state, seq = await c.welcome_and_state()
    assert "region" in state
    await c.close()


async def test_snapshot_arrives_in_parts_whose_union_is_the_state(hub_server):
    hub_server.hub.part_entities = 3
    c = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await c.recv()
    parts = []
    while True:
        f = await c.recv()
        parts.append(f)
        if f["part"] == f["parts"]:
            break
    assert len(parts) > 3 and [p["part"] for p in parts] == list(range(1, len(parts) + 1))
    assert all(sum(len(v) for v in p["entities"].values()) <= 3 for p in parts)
    kinds = {k for p in parts for k in p["entities"]}
    assert {"region", "staff", "camera", "alarm"} <= kinds
    await c.close()


async def test_events_committed_while_a_snapshot_is_sent_are_not_lost(hub_server):
    hub_server.hub.part_entities = 1  # many small parts: a long window for events to race in
    writer = await Client.open(hub_server.ws_url, hub_server.tokens["dispatcher"])
    await writer.welcome_and_state()
    for i in range(10):  # fire without waiting, so commits land while the snapshot is on its way
        await writer.send({"type": "request", "id": f"burst-{i}", "name": "ticket.create",
                           "args": {"category": "city_appearance", "title": f"burst {i}", "location": LOC_A}})
    c = await Client.open(hub_server.ws_url, hub_server.tokens["duty"])
    _, state, seq = await c.welcome_and_state()
    created = set()
    while len(created) < 10:
        f = await writer.recv()
        if f["type"] == "reply":
            created.add(f["data"]["ticket"]["id"])
    have = set(state.get("ticket", {}))
    while not created <= have:
        f = await c.recv()
        assert f["type"] == "event" and f["seq"] == seq + 1, (f, seq)
        seq = f["seq"]
        have.add(f["id"])
    await c.close()
    await writer.close()


async def test_backend_restart_keeps_events_and_idempotent_replies(small_db):
    url, tokens = small_db
    server = Server(ServeOptions(db_url=url, port=0, sweep_seconds=3600))
    await server.start()
    ws_url = f"ws://127.0.0.1:{server.hub.port}/ws"
    c = await Client.open(ws_url, tokens["dispatcher"])
    _, _, seq = await c.welcome_and_state()
    first = await c.request("ticket.create", {"category": "city_appearance", "title": "占道经营", "location": LOC_A},
                            rid="before-restart")
    await c.close()
    await server.stop()
    server = Server(ServeOptions(db_url=url, port=0, sweep_seconds=3600))
    await server.start()
    ws_url = f"ws://127.0.0.1:{server.hub.port}/ws"
    c = await Client.open(ws_url, tokens["dispatcher"], resume_from=seq)
    await c.recv()
    ev = await c.recv()
    assert ev["type"] == "event" and ev["seq"] == seq + 1 and ev["id"] == first["data"]["ticket"]["id"]
    again = await c.request("ticket.create", {"category": "city_appearance", "title": "占道经营", "location": LOC_A},
                            rid="before-restart")
    assert again == first
    await c.close()
    await server.stop()


async def test_password_login_extension(hub_server):
    from backend.auth import hash_password
    from backend.db.models import User
    from sqlalchemy import update

    with hub_server.db.session() as s:
        s.execute(update(User).where(User.name == "duty").values(password_hash=hash_password("s3cret-pass")))
    c = Client(await connect(hub_server.ws_url))
    await c.send({"type": "hello", "protocol": 1, "token": "", "user": "duty", "password": "s3cret-pass"})
    welcome = await c.recv()
    assert welcome["type"] == "welcome" and welcome["user"]["role"] == "duty"
    await c.close()
    bad = Client(await connect(hub_server.ws_url))
    await bad.send({"type": "hello", "protocol": 1, "token": "", "user": "duty", "password": "wrong"})
    assert (await bad.recv())["code"] == "unauthorized"
    assert await closed_code(bad) == 4401


@pytest.mark.parametrize("split", [False, True], ids=["one process", "platform process"])
async def test_a_console_resuming_after_a_restart_gets_the_new_media_servers_camera_urls(small_db, split):
    """The demo media server listens on a new port each run; camera URLs are filled in when sent, so
    a console resuming from its cache must be sent the cameras again with the new base."""
    url, tokens = small_db
    first = Server(ServeOptions(db_url=url, port=0, sweep_seconds=3600, media_base="http://127.0.0.1:1111"))
    await first.start()
    c = await Client.open(f"ws://127.0.0.1:{first.hub.port}/ws", tokens["duty"])
    _, state, seq = await c.welcome_and_state()
    assert state["camera"]["CAM-1"]["urls"][0]["url"] == "http://127.0.0.1:1111/CAM-1/main.ts"
    version = state["camera"]["CAM-1"]["version"]
    await c.close()
    await first.stop()

    second = Server(ServeOptions(db_url=url, port=0, sweep_seconds=3600, media_base="http://127.0.0.1:2222",
                                 platform_process=split))
    await second.start()
    try:
        back = await Client.open(f"ws://127.0.0.1:{second.hub.port}/ws", tokens["duty"], resume_from=seq)
        welcome = await back.recv()
        assert welcome["type"] == "welcome" and welcome["head"] > seq
        ev = await back.until(lambda f: f.get("type") == "event" and f.get("kind") == "camera")
        assert ev["id"] == "CAM-1" and ev["data"]["version"] > version
        assert ev["data"]["urls"][0]["url"] == "http://127.0.0.1:2222/CAM-1/main.ts"
        await back.close()
    finally:
        await second.stop()
