"""Video players without Qt: states, the restart policy, the choice of URL and engine.

The restart decision is a pure function of (event, state) → (action, delay, next state), after
QGroundControl's VideoRestartPolicy. Every open gets a new generation number; an event carrying an
older generation comes from a stream that was replaced and is dropped. `Stream` drives one tile's
engines with that policy; the engines (libvlc, QtMultimedia) live in widgets/ and report back with
`Stream.handle(event, generation)` on the UI thread. Nothing here blocks or sleeps: delays go to an
injected scheduler, so tests run the policy with a fake clock.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, replace
from enum import Enum
from typing import Any, Callable, NamedTuple, Protocol

from psygnal import Signal

log = logging.getLogger(__name__)


class State(str, Enum):
    IDLE = "idle"                  # no camera, or stopped (panel hidden)
    CONNECTING = "connecting"      # opening the URL
    BUFFERING = "buffering"        # opened, waiting for the first picture
    LIVE = "live"                  # pictures arriving
    FROZEN = "frozen"              # was live, no picture for `freeze_after` seconds: never shown as live
    RECONNECTING = "reconnecting"  # lost; a retry is scheduled
    OFFLINE = "offline"            # the platform says the camera is offline: nothing is tried
    FAILED = "failed"              # never played after several tries: unplayable; retried slowly
    NO_SOURCE = "no_source"        # no URL that an installed engine can play


class Event(str, Enum):
    START = "start"
    STOP = "stop"
    BUFFERING = "buffering"        # the engine opened the stream
    FRAME = "frame"                # a picture arrived (the first one after any other state)
    STALL = "stall"                # watchdog: live but no picture for a while
    TIMEOUT = "timeout"            # watchdog: opened but no first picture in time
    ERROR = "error"                # the engine failed (cannot open, network error)
    ENDED = "ended"                # the stream ended (server closed the connection)
    RETRY = "retry"                # the scheduled retry is due
    CAMERA_OFFLINE = "camera_offline"
    CAMERA_ONLINE = "camera_online"


class Action(str, Enum):
    NONE = "none"
    OPEN = "open"          # close whatever plays and open the current source now (new generation)
    CLOSE = "close"        # close, nothing scheduled
    RETRY_LATER = "retry"  # close now, deliver RETRY after `delay`


@dataclass(frozen=True)
class RetryPolicy:
    initial: float = 0.5        # first retry delay; doubles per failed attempt
    cap: float = 5.0            # longest delay while the stream is known to work (server restarts)
    give_up_after: int = 5      # rounds over every source with no picture ever → FAILED
    failed_retry: float = 15.0  # FAILED streams are still retried, slowly
    freeze_after: float = 3.0   # no picture this long while live → FROZEN
    frozen_restart: float = 2.0  # FROZEN this long → reopen
    open_timeout: float = 8.0   # no first picture this long after opening → treated as an error

    def backoff(self, attempts: int) -> float:
        return min(self.cap, self.initial * 2 ** max(0, attempts - 1))


@dataclass(frozen=True)
class PlayerState:
    state: State = State.IDLE
    generation: int = 0
    attempts: int = 0        # failed opens since the last picture
    source: int = 0          # index into the candidate sources
    sources: int = 1         # how many candidates there are
    ever_live: bool = False  # this source has shown a picture: failures are outages, not bad URLs
    waiting: bool = False    # a RETRY is scheduled: nothing is open


class Decision(NamedTuple):
    action: Action
    delay: float
    next: PlayerState


def decide(event: Event, st: PlayerState, policy: RetryPolicy = RetryPolicy()) -> Decision:
    """The restart policy: what to do on `event` in `st`. Pure: no clock, no I/O."""
    S = State
    if event is Event.STOP:
        return Decision(Action.CLOSE, 0.0, replace(st, state=S.IDLE, attempts=0, waiting=False))
    if event is Event.CAMERA_OFFLINE:
        return Decision(Action.CLOSE, 0.0, replace(st, state=S.OFFLINE, attempts=0, waiting=False))
    if event is Event.START or (event is Event.CAMERA_ONLINE and st.state is S.OFFLINE):
        if st.sources <= 0:
            return Decision(Action.CLOSE, 0.0, replace(st, state=S.NO_SOURCE))
        return Decision(Action.OPEN, 0.0, replace(st, state=S.CONNECTING, generation=st.generation + 1,
                                                   attempts=0, source=0, ever_live=False, waiting=False))
    if st.state in (S.IDLE, S.OFFLINE, S.NO_SOURCE):
        return Decision(Action.NONE, 0.0, st)  # late news about a stream we no longer play
    if event is Event.BUFFERING:
        if st.state is S.CONNECTING:
            return Decision(Action.NONE, 0.0, replace(st, state=S.BUFFERING))
        return Decision(Action.NONE, 0.0, st)
    if event is Event.FRAME:
        return Decision(Action.NONE, 0.0, replace(st, state=S.LIVE, attempts=0, ever_live=True))
    if event is Event.STALL:
        if st.state is S.LIVE:
            return Decision(Action.NONE, policy.frozen_restart, replace(st, state=S.FROZEN))
        if st.state is S.FROZEN:  # still no picture: reopen the same source
            return Decision(Action.OPEN, 0.0, replace(st, state=S.RECONNECTING, generation=st.generation + 1))
        return Decision(Action.NONE, 0.0, st)
    if event is Event.RETRY:
        if st.waiting:
            return Decision(Action.OPEN, 0.0, replace(st, generation=st.generation + 1, waiting=False))
        return Decision(Action.NONE, 0.0, st)
    if event in (Event.ERROR, Event.ENDED, Event.TIMEOUT):
        if st.waiting:
            return Decision(Action.NONE, 0.0, st)  # nothing is open: late news of the closed stream
        attempts = st.attempts + 1
        if st.ever_live:
            # It played: the server or network is down. Keep the source, back off, never give up.
            return Decision(Action.RETRY_LATER, policy.backoff(attempts),
                            replace(st, state=S.RECONNECTING, attempts=attempts, waiting=True))
        if st.source + 1 < st.sources:
            # Never played on this source: try the next URL/engine at once (libvlc → QtMultimedia).
            return Decision(Action.OPEN, 0.0, replace(st, state=S.CONNECTING, generation=st.generation + 1,
                                                       source=st.source + 1, attempts=attempts))
        rounds = attempts // max(1, st.sources)
        if rounds >= policy.give_up_after:
            return Decision(Action.RETRY_LATER, policy.failed_retry,
                            replace(st, state=S.FAILED, attempts=attempts, source=0, waiting=True))
        return Decision(Action.RETRY_LATER, policy.backoff(rounds),
                        replace(st, state=S.RECONNECTING, attempts=attempts, source=0, waiting=True))
    return Decision(Action.NONE, 0.0, st)


# --- choosing what to play -----------------------------------------------------------------------

PROTOCOL_RANK = {"http-ts": 0, "http-flv": 1, "hls": 2, "rtsp": 3, "file": 4}
ENGINE_ORDER = ("vlc", "qt")  # libvlc first (decodes in its own threads); QtMultimedia where it cannot


class Source(NamedTuple):
    url: str
    protocol: str
    role: str
    engine: str


def candidate_sources(urls: list[dict[str, Any]] | None, large: bool,
                      capabilities: dict[str, set[str]]) -> list[Source]:
    """Every (URL, engine) worth trying, best first.

    A small tile prefers the sub stream, a full-screen tile the main one (the other role is the
    fallback); then the lowest-latency protocol; each URL with every engine that can play it.
    """
    want = "main" if large else "sub"
    ranked = sorted((u for u in urls or () if u.get("url")),
                    key=lambda u: (u.get("role") != want, PROTOCOL_RANK.get(u.get("protocol", ""), 9)))
    out = []
    for u in ranked:
        protocol = u.get("protocol") or guess_protocol(u["url"])
        for engine in ENGINE_ORDER:
            if protocol in capabilities.get(engine, ()):
                out.append(Source(u["url"], protocol, u.get("role", want), engine))
    return out


def guess_protocol(url: str) -> str:
    low = url.lower()
    if low.startswith("rtsp"):
        return "rtsp"
    if low.endswith(".m3u8"):
        return "hls"
    if low.endswith(".flv"):
        return "http-flv"
    if low.startswith("http"):
        return "http-ts"
    return "file"


# --- one tile's stream ---------------------------------------------------------------------------

class Engine(Protocol):
    """A decoder that reports with `stream.handle(event, generation)` on the UI thread."""

    def open(self, url: str, generation: int) -> None: ...
    def close(self) -> None: ...


class Cancellable(Protocol):
    def cancel(self) -> None: ...


Scheduler = Callable[[float, Callable[[], None]], Cancellable]
"""scheduler(delay_seconds, callback) -> handle with cancel(); callback runs on the UI thread."""


class Stream:
    """One tile's stream: applies `decide` and carries out its actions on the engines."""

    sig_state = Signal(object)
    """State: the tile's OSD shows it."""

    def __init__(self, engines: dict[str, Engine], scheduler: Scheduler, policy: RetryPolicy = RetryPolicy(),
                 capabilities: dict[str, set[str]] | None = None, clock: Callable[[], float] = time.monotonic):
        self.engines = engines
        self.capabilities = capabilities if capabilities is not None else {name: set(PROTOCOL_RANK)
                                                                           for name in engines}
        self.scheduler = scheduler
        self.policy = policy
        self.clock = clock
        self.st = PlayerState()
        self.sources: list[Source] = []
        self.camera_id: str | None = None
        self.large = False
        self.last_frame = 0.0  # clock() of the last picture
        self.opened_at = 0.0
        self.frames = 0
        self._timer: Cancellable | None = None
        self._engine: str | None = None

    @property
    def state(self) -> State:
        return self.st.state

    @property
    def source(self) -> Source | None:
        return self.sources[self.st.source] if self.sources and self.st.source < len(self.sources) else None

    def play(self, camera: dict[str, Any] | None, large: bool = False) -> None:
        """Show `camera` (None: nothing); a different camera or size restarts, the same one does not."""
        cid = camera.get("id") if camera else None
        sources = candidate_sources(camera.get("urls"), large, self.capabilities) if camera else []
        if cid == self.camera_id and sources == self.sources and self.st.state is not State.IDLE:
            self.set_online(bool(camera.get("online", True)) if camera else True)
            return
        self.camera_id, self.large, self.sources = cid, large, sources
        if camera is None:
            self._apply(Event.STOP)
            return
        self.st = replace(self.st, sources=len(sources))
        self._apply(Event.START if camera.get("online", True) else Event.CAMERA_OFFLINE)

    def stop(self) -> None:
        self._apply(Event.STOP)

    def set_online(self, online: bool) -> None:
        if not online and self.st.state is not State.OFFLINE:
            self._apply(Event.CAMERA_OFFLINE)
        elif online and self.st.state is State.OFFLINE:
            self._apply(Event.CAMERA_ONLINE)

    def handle(self, event: Event, generation: int) -> None:
        """An engine's report; dropped when it comes from a replaced stream."""
        if generation != self.st.generation:
            return
        self._apply(event)

    def note_frame(self, generation: int) -> None:
        """A picture was painted (UI thread): cheap, only a state change goes through the policy."""
        if generation != self.st.generation:
            return
        self.last_frame = self.clock()
        self.frames += 1
        if self.st.state is not State.LIVE:
            self._apply(Event.FRAME)

    def tick(self) -> None:
        """The watchdog, called a few times a second: freezes and first pictures that never come."""
        now = self.clock()
        if self.st.state is State.LIVE and now - self.last_frame > self.policy.freeze_after:
            self._apply(Event.STALL)
        elif (self.st.state in (State.CONNECTING, State.BUFFERING, State.RECONNECTING, State.FAILED)
              and not self.st.waiting and now - self.opened_at > self.policy.open_timeout):
            self._apply(Event.TIMEOUT)

    def _apply(self, event: Event) -> None:
        before = self.st.state
        action, delay, self.st = decide(event, self.st, self.policy)
        if action in (Action.OPEN, Action.CLOSE, Action.RETRY_LATER) or event is Event.STALL \
                or (self.st.state is State.LIVE and before is not State.LIVE):
            self._cancel_timer()  # a pending reopen of a frozen stream is moot once pictures return
        if action is Action.OPEN:
            self._open()
        elif action in (Action.CLOSE, Action.RETRY_LATER):
            self._close()
        if action is Action.RETRY_LATER:
            self._schedule(delay, Event.RETRY)
        elif event is Event.STALL and self.st.state is State.FROZEN:
            self._schedule(delay, Event.STALL)  # still frozen then → reopen
        if self.st.state is not before:
            self.sig_state.emit(self.st.state)

    def _schedule(self, delay: float, event: Event) -> None:
        generation = self.st.generation
        self._timer = self.scheduler(delay, lambda: self.handle(event, generation))

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _open(self) -> None:
        src = self.source
        if src is None:
            return
        if self._engine is not None and self._engine != src.engine:
            self.engines[self._engine].close()
        self._engine = src.engine
        self.opened_at = self.clock()
        log.debug("open %s via %s (gen %d)", src.url, src.engine, self.st.generation)
        self.engines[src.engine].open(src.url, self.st.generation)

    def _close(self) -> None:
        if self._engine is not None:
            self.engines[self._engine].close()
            self._engine = None

    @property
    def engine_name(self) -> str | None:
        return self._engine
