"""A minimal test client on a real websocket: hello, read until a condition, send requests."""

from __future__ import annotations

import asyncio
import itertools

import msgspec
from websockets.asyncio.client import connect

_ids = itertools.count(1)


class Client:
    def __init__(self, ws):
        self.ws = ws
        self.frames: list[dict] = []

    @classmethod
    async def open(cls, url: str, token: str, resume_from=None, protocol: int = 1) -> "Client":
        ws = await connect(url, max_size=64 * 1024 * 1024)
        c = cls(ws)
        await c.send({"type": "hello", "protocol": protocol, "token": token, "resume_from": resume_from,
                      "client": "test"})
        return c

    async def send(self, frame) -> None:
        await self.ws.send(frame if isinstance(frame, str) else msgspec.json.encode(frame).decode())

    async def recv(self, timeout: float = 5.0) -> dict:
        f = msgspec.json.decode(await asyncio.wait_for(self.ws.recv(), timeout))
        self.frames.append(f)
        return f

    async def until(self, pred, timeout: float = 10.0) -> dict:
        async with asyncio.timeout(timeout):
            while True:
                f = await self.recv(timeout)
                if pred(f):
                    return f

    async def welcome_and_state(self) -> tuple[dict, dict, int]:
        """Read welcome and the whole snapshot; returns (welcome, entities by kind and id, seq)."""
        welcome = await self.recv()
        assert welcome["type"] == "welcome", welcome
        entities: dict[str, dict] = {}
        while True:
            f = await self.recv()
            assert f["type"] == "snapshot", f
            for kind, items in f["entities"].items():
                entities.setdefault(kind, {}).update({e["id"]: e for e in items})
            if f["part"] == f["parts"]:
                return welcome, entities, f["seq"]

    async def request(self, name: str, args: dict, rid: str | None = None, timeout: float = 10.0) -> dict:
        rid = rid or f"t-{next(_ids)}"
        await self.send({"type": "request", "id": rid, "name": name, "args": args})
        return await self.until(lambda f: f["type"] == "reply" and f["id"] == rid, timeout)

    async def close(self) -> None:
        await self.ws.close()
