"""The restart policy (pure) and the Stream that carries it out, with fake engines and a fake clock."""

from __future__ import annotations

from console.player import (Action, Event, PlayerState, RetryPolicy, Source, State, Stream, candidate_sources,
                            decide)

POLICY = RetryPolicy(initial=0.5, cap=5.0, give_up_after=3, failed_retry=30.0, freeze_after=3.0,
                     frozen_restart=2.0, open_timeout=8.0)
URLS = [{"role": "main", "protocol": "http-ts", "url": "http://m/CAM-1/main.ts"},
        {"role": "sub", "protocol": "http-ts", "url": "http://m/CAM-1/sub.ts"},
        {"role": "main", "protocol": "rtsp", "url": "rtsp://m/CAM-1/main"}]
VLC_NO_RTSP = {"vlc": {"http-ts", "http-flv", "hls", "file"}, "qt": {"http-ts", "http-flv", "hls", "rtsp", "file"}}


def live(**kw) -> PlayerState:
    return PlayerState(**{"state": State.LIVE, "generation": 3, "ever_live": True, **kw})


def test_start_opens_a_new_generation():
    action, delay, nxt = decide(Event.START, PlayerState(generation=4))
    assert (action, delay, nxt.state, nxt.generation) == (Action.OPEN, 0.0, State.CONNECTING, 5)


def test_outage_of_a_stream_that_played_backs_off_and_never_gives_up():
    st = live()
    delays = []
    for _ in range(8):
        action, delay, st = decide(Event.ENDED, st, POLICY)
        assert action is Action.RETRY_LATER and st.state is State.RECONNECTING and st.waiting
        delays.append(delay)
        action, _, st = decide(Event.RETRY, st, POLICY)
        assert action is Action.OPEN and not st.waiting
    assert delays == [0.5, 1.0, 2.0, 4.0, 5.0, 5.0, 5.0, 5.0]
    assert st.generation == 3 + 8  # each reopen is a new generation


def test_first_picture_resets_the_backoff():
    st = decide(Event.ERROR, live(attempts=4), POLICY).next
    st = decide(Event.RETRY, st, POLICY).next
    st = decide(Event.FRAME, st, POLICY).next
    assert (st.state, st.attempts) == (State.LIVE, 0)
    assert decide(Event.ERROR, st, POLICY).delay == 0.5


def test_never_playing_source_falls_back_to_next_engine_at_once():
    st = PlayerState(state=State.CONNECTING, generation=1, sources=2)
    action, delay, st = decide(Event.ERROR, st, POLICY)
    assert (action, delay, st.source, st.state, st.generation) == (Action.OPEN, 0.0, 1, State.CONNECTING, 2)


def test_unplayable_url_ends_failed_and_is_retried_slowly():
    st = PlayerState(state=State.CONNECTING, generation=1, sources=1)
    seen = []
    for _ in range(3):
        action, delay, st = decide(Event.ERROR, st, POLICY)
        seen.append((st.state, delay))
        st = decide(Event.RETRY, st, POLICY).next
    assert seen == [(State.RECONNECTING, 0.5), (State.RECONNECTING, 1.0), (State.FAILED, 30.0)]


def test_errors_while_waiting_for_a_retry_change_nothing():
    st = decide(Event.ENDED, live(), POLICY).next
    assert decide(Event.ERROR, st, POLICY) == (Action.NONE, 0.0, st)


def test_stall_freezes_then_reopens():
    action, delay, st = decide(Event.STALL, live(), POLICY)
    assert (action, delay, st.state) == (Action.NONE, 2.0, State.FROZEN)
    action, _, st = decide(Event.STALL, st, POLICY)
    assert (action, st.state, st.generation) == (Action.OPEN, State.RECONNECTING, 4)


def test_offline_camera_closes_and_online_reopens():
    action, _, st = decide(Event.CAMERA_OFFLINE, live(), POLICY)
    assert (action, st.state) == (Action.CLOSE, State.OFFLINE)
    assert decide(Event.ERROR, st, POLICY).action is Action.NONE
    assert decide(Event.CAMERA_ONLINE, st, POLICY).action is Action.OPEN


def test_no_source_is_a_state_not_a_crash():
    action, _, st = decide(Event.START, PlayerState(sources=0))
    assert (action, st.state) == (Action.CLOSE, State.NO_SOURCE)


def test_small_tile_takes_sub_stream_and_rtsp_goes_to_qt():
    small = candidate_sources(URLS, False, VLC_NO_RTSP)
    assert small[0] == Source("http://m/CAM-1/sub.ts", "http-ts", "sub", "vlc")
    big = candidate_sources(URLS, True, VLC_NO_RTSP)
    assert big[0].url.endswith("main.ts") and big[0].engine == "vlc"
    rtsp = [s for s in big if s.protocol == "rtsp"]
    assert [s.engine for s in rtsp] == ["qt"]
    assert candidate_sources(URLS, False, {"qt": {"rtsp"}}) == [Source("rtsp://m/CAM-1/main", "rtsp", "main", "qt")]
    assert candidate_sources(URLS, False, {}) == []


# --- Stream, with fakes --------------------------------------------------------------------------

class FakeEngine:
    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def open(self, url: str, generation: int) -> None:
        self.calls.append(("open", url, generation))

    def close(self) -> None:
        self.calls.append(("close",))


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0
        self.timers: list[list] = []

    def __call__(self) -> float:
        return self.now

    def schedule(self, delay: float, fn):
        timer = [self.now + delay, fn, False]
        self.timers.append(timer)

        class Handle:
            def cancel(self_inner) -> None:
                timer[2] = True
        return Handle()

    def advance(self, seconds: float) -> None:
        self.now += seconds
        for t in [t for t in self.timers if not t[2] and t[0] <= self.now]:
            t[2] = True
            t[1]()


def make_stream():
    clock = FakeClock()
    engines = {"vlc": FakeEngine(), "qt": FakeEngine()}
    stream = Stream(engines, clock.schedule, POLICY, capabilities=VLC_NO_RTSP, clock=clock)
    states = []
    stream.sig_state.connect(states.append)
    return stream, engines, clock, states


CAMERA = {"id": "CAM-1", "online": True, "urls": URLS}


def test_stream_drops_callbacks_from_a_replaced_stream():
    stream, engines, clock, states = make_stream()
    stream.play(CAMERA)
    old = stream.st.generation
    stream.play({**CAMERA, "id": "CAM-2"})
    stream.handle(Event.ERROR, old)  # the first camera's player failing late
    stream.note_frame(old)
    assert stream.state is State.CONNECTING
    stream.note_frame(stream.st.generation)
    assert stream.state is State.LIVE


def test_stream_reconnects_after_outage_and_recovers():
    stream, engines, clock, states = make_stream()
    stream.play(CAMERA)
    stream.note_frame(stream.st.generation)
    stream.handle(Event.ENDED, stream.st.generation)
    assert stream.state is State.RECONNECTING and engines["vlc"].calls[-1] == ("close",)
    clock.advance(0.5)
    assert engines["vlc"].calls[-1][0] == "open"
    stream.note_frame(stream.st.generation)
    assert states == [State.CONNECTING, State.LIVE, State.RECONNECTING, State.LIVE]


def test_stream_watchdog_freezes_loudly_then_reopens():
    stream, engines, clock, states = make_stream()
    stream.play(CAMERA)
    stream.note_frame(stream.st.generation)
    clock.advance(3.5)
    stream.tick()
    assert stream.state is State.FROZEN
    opens = len([c for c in engines["vlc"].calls if c[0] == "open"])
    clock.advance(2.0)
    assert stream.state is State.RECONNECTING
    assert len([c for c in engines["vlc"].calls if c[0] == "open"]) == opens + 1


def test_frames_returning_cancel_the_frozen_reopen():
    stream, engines, clock, states = make_stream()
    stream.play(CAMERA)
    stream.note_frame(stream.st.generation)
    clock.advance(3.5)
    stream.tick()
    stream.note_frame(stream.st.generation)
    clock.advance(5)
    assert stream.state is State.LIVE


def test_stream_falls_back_to_qt_when_vlc_cannot_open():
    stream, engines, clock, states = make_stream()
    stream.play(CAMERA)
    stream.handle(Event.ERROR, stream.st.generation)
    assert engines["qt"].calls[-1][0] == "open" and stream.engine_name == "qt"


def test_open_timeout_counts_as_an_error():
    stream, engines, clock, states = make_stream()
    stream.play(CAMERA)
    clock.advance(8.5)
    stream.tick()
    assert stream.engine_name == "qt"


def test_offline_camera_plays_nothing():
    stream, engines, clock, states = make_stream()
    stream.play({**CAMERA, "online": False})
    assert stream.state is State.OFFLINE
    assert not any(c[0] == "open" for e in engines.values() for c in e.calls)
    stream.set_online(True)
    assert stream.state is State.CONNECTING
