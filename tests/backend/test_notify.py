"""Notifiers: the JSON-lines log, the webhook against a real local HTTP server, and fan-out."""

import json
import threading
import time
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from backend.notify import FanoutNotifier, LogFileNotifier, Notification, WebhookNotifier

DUE = datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)


def notice(n=1):
    return Notification(kind="overdue", ticket_id=f"T{n}", stage="handle", region_id="G1", assignee_id="g1-head",
                        due_at=DUE, message="工单超时 (overdue)", at=DUE)


# --- log file ------------------------------------------------------------------------------------


def test_log_file_appends_one_json_line_per_notification(tmp_path):
    path = tmp_path / "logs" / "notify.jsonl"
    log = LogFileNotifier(path)
    assert log.send(notice(1)) is True
    assert LogFileNotifier(path).send(notice(2)) is True  # a second notifier appends, never truncates
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["ticket_id"] for line in lines] == ["T1", "T2"]
    first = json.loads(lines[0])
    assert first == {"kind": "overdue", "ticket_id": "T1", "stage": "handle", "region_id": "G1",
                     "assignee_id": "g1-head", "due_at": "2026-11-23T08:00:00.000Z", "message": "工单超时 (overdue)",
                     "at": "2026-11-23T08:00:00.000Z"}
    assert "工单超时" in lines[0]  # written as UTF-8, not \u escapes


def test_log_file_failure_is_recorded_not_raised(tmp_path):
    log = LogFileNotifier(tmp_path)  # a directory cannot be opened for appending
    assert log.send(notice()) is False
    assert len(log.failures) == 1 and log.failures[0].notification.ticket_id == "T1"


# --- webhook -------------------------------------------------------------------------------------


class Gateway:
    """A real HTTP server on 127.0.0.1 that answers with the scripted status codes, in order."""

    def __init__(self, codes, delay=0.0):
        self.codes = list(codes)
        self.delay = delay
        self.bodies = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.bodies.append((self.headers["Content-Type"], json.loads(body)))
                time.sleep(gateway.delay)
                code = gateway.codes.pop(0) if len(gateway.codes) > 1 else gateway.codes[0]
                self.send_response(code)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"{}")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sms"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_webhook_posts_json():
    with Gateway([200]) as gw:
        hook = WebhookNotifier(gw.url, timeout=2, retries=0)
        assert hook.send(notice()) is True
    [(content_type, body)] = gw.bodies
    assert content_type.startswith("application/json")
    assert body["ticket_id"] == "T1" and body["due_at"] == "2026-11-23T08:00:00.000Z"
    assert hook.sent == 1 and hook.failures == []


def test_webhook_retries_after_a_server_error():
    with Gateway([500, 200]) as gw:
        hook = WebhookNotifier(gw.url, timeout=2, retries=2, backoff=0)
        assert hook.send(notice()) is True
    assert len(gw.bodies) == 2 and hook.failures == []


def test_webhook_gives_up_after_the_last_retry(caplog):
    with Gateway([503]) as gw:
        hook = WebhookNotifier(gw.url, timeout=2, retries=2, backoff=0)
        assert hook.send(notice()) is False
    assert len(gw.bodies) == 3
    [failure] = hook.failures
    assert "503" in failure.error and failure.notification.ticket_id == "T1"
    assert "not delivered" in caplog.text


def test_webhook_does_not_retry_a_client_error():
    with Gateway([400]) as gw:
        hook = WebhookNotifier(gw.url, timeout=2, retries=3, backoff=0)
        assert hook.send(notice()) is False
    assert len(gw.bodies) == 1 and "400" in hook.failures[0].error


def test_webhook_survives_a_refused_connection():
    with Gateway([200]) as gw:
        url = gw.url
    hook = WebhookNotifier(url, timeout=1, retries=1, backoff=0)  # the server is gone
    assert hook.send(notice()) is False
    assert hook.failures


def test_webhook_times_out():
    with Gateway([200], delay=1.0) as gw:
        hook = WebhookNotifier(gw.url, timeout=0.2, retries=0)
        started = time.monotonic()
        assert hook.send(notice()) is False
        assert time.monotonic() - started < 0.9
    assert "timed out" in hook.failures[0].error.lower()


def test_webhook_with_a_malformed_url_fails_cleanly():
    hook = WebhookNotifier("not a url", retries=0)
    assert hook.send(notice()) is False and hook.failures


# --- fan-out -------------------------------------------------------------------------------------


class Exploding:
    def send(self, notification):
        raise RuntimeError("SMS quota exceeded")


class Recording:
    def __init__(self):
        self.got = []

    def send(self, notification):
        self.got.append(notification)
        return True


def test_fanout_delivers_to_all_even_when_one_breaks(tmp_path):
    rec = Recording()
    log = LogFileNotifier(tmp_path / "n.jsonl")
    fan = FanoutNotifier([Exploding(), rec, log])
    assert fan.send(notice()) is False
    assert [n.ticket_id for n in rec.got] == ["T1"]
    assert (tmp_path / "n.jsonl").read_text(encoding="utf-8").count("\n") == 1


def test_fanout_succeeds_when_all_deliver():
    assert FanoutNotifier([Recording(), Recording()]).send(notice()) is True


@pytest.mark.parametrize("kind", ["overdue", "assigned"])
def test_notification_dict_is_json_ready(kind):
    n = Notification(kind=kind, ticket_id="T", stage=None, region_id=None, assignee_id=None, due_at=None, message="")
    assert json.loads(json.dumps(n.to_dict()))["kind"] == kind
