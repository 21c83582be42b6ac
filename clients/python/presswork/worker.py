"""A base class for a processing stage written in Python: the worker side of PROTOCOL.md (PWW1).

Subclass ``Worker``, implement ``process(job, body) -> dict``, and call ``run()`` (blocking) or
``start()`` (in a thread); ``stop()`` drains: it sends ``DRAINING``, lets running jobs finish, reports
them, sends ``DISCONNECT`` and waits for the coordinator's answer.

One I/O thread owns the socket (READY, heartbeats, reconnection with back-off, reports); jobs run
on a thread pool of ``slots`` threads, so heartbeats keep flowing while they run.
"""

import logging
import os
import queue
import random
import re
import socket as _socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List, Optional, Tuple

import zmq

from . import _protocol as p
from .client import DEFAULT_ENDPOINT
from .errors import BadReply, JobFailed

__all__ = ["Worker", "JobFailed"]

log = logging.getLogger("presswork.worker")

_WORKER_ID = re.compile(r"\A[A-Za-z0-9._\-:@]{1,128}\Z")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_instances = 0
_instances_lock = threading.Lock()

#: Reconnection back-off (PROTOCOL.md section 6): base and maximum of the full-jitter delay.
RECONNECT_BASE = 0.25
RECONNECT_MAX = 8.0
#: Seconds a leaving worker waits for the coordinator's answer to DISCONNECT, and its linger.
GOODBYE_WAIT = 2.0
#: A heartbeat with memory statistics goes out at least this often, even while reports flow.
STATS_INTERVAL = 5.0
#: Characters of an exception's text kept in a FAILED message.
MAX_FAILURE_MESSAGE = 500


def _default_worker_id() -> str:
    global _instances
    with _instances_lock:
        _instances += 1
        n = _instances
    host = re.sub(r"[^A-Za-z0-9._\-]", "-", _socket.gethostname())[:96] or "python"
    return "%s-%d" % (host, os.getpid()) + ("" if n == 1 else "-%d" % n)


def _rss_bytes() -> Optional[int]:
    try:
        with open("/proc/self/statm", "rb") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


class Worker:
    """Connects to a coordinator as a worker and runs ``process`` for every job it is sent.

    ``key``/``server_key`` enable CURVE as for ``Client`` (the key must be in the coordinator's
    ``--worker-keys``).  ``slots`` is how many jobs run at once; ``heartbeat`` and ``liveness`` must
    match the coordinator's (default 1 s and 3).  ``worker_id`` defaults to ``HOST-PID``.
    """

    version = "py-0.1.0"

    def __init__(
        self,
        endpoint: str = DEFAULT_ENDPOINT,
        key=None,
        server_key=None,
        *,
        slots: int = 1,
        worker_id: Optional[str] = None,
        heartbeat: float = 1.0,
        liveness: int = 3,
        drain_timeout: float = 30.0,
        max_frame_bytes: Optional[int] = p.DEFAULT_MAX_FRAME_BYTES,
    ):
        if not 1 <= slots <= 4096:
            raise ValueError("slots must be 1 to 4096")
        self.worker_id = worker_id or _default_worker_id()
        if not _WORKER_ID.match(self.worker_id):
            raise ValueError("worker_id must be 1-128 ASCII letters, digits and . _ - : @")
        self.endpoint = endpoint
        self.slots = slots
        self.heartbeat = float(heartbeat)
        self.liveness = int(liveness)
        self.drain_timeout = float(drain_timeout)
        self.max_frame_bytes = max_frame_bytes
        self._keys = (key, server_key)
        if (key is None) != (server_key is None):
            raise ValueError("CURVE needs both key and server_key")
        # Unguessable, kept for the worker's whole life (section 5.1); never shown.
        self._routing_id = b"pw-" + os.urandom(16).hex().encode("ascii")
        self._stop = threading.Event()
        self._thread: Optional[threading.Thread] = None
        self._outcomes: "queue.Queue[List[bytes]]" = queue.Queue()
        self._running: set = set()  # (job, attempt) received and not yet reported
        #: Reports sent (RESULT, FAILED) and reconnections after the coordinator fell silent.
        self.done = 0
        self.failed = 0
        self.reconnects = 0

    # --- to override ---------------------------------------------------------------------------

    def process(self, job: Dict[str, Any], body: bytes) -> Dict[str, Any]:
        """Processes one job; returns the result document (a JSON-serializable dict).

        ``job`` is the ``JOB`` header: ``job`` (id), ``attempt``, ``article`` (ArticleMeta: ``format``,
        ``source``, ``url``, ``lang``, ...), ``timeoutSeconds``; ``body`` the article's bytes.  Raise
        ``JobFailed(code, message, retryable=...)`` to fail it; any other exception fails it as
        ``internal``, retryable.  Runs on a pool thread.
        """
        raise NotImplementedError

    # --- control -------------------------------------------------------------------------------

    def start(self) -> threading.Thread:
        """Runs the worker on a daemon thread; returns the thread."""
        self._thread = threading.Thread(target=self.run, name="presswork-worker-%s" % self.worker_id, daemon=True)
        self._thread.start()
        return self._thread

    def stop(self, wait: bool = True, timeout: Optional[float] = None) -> None:
        """Drains and leaves; with ``wait``, returns when the worker has stopped."""
        self._stop.set()
        if wait and self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    # --- frames --------------------------------------------------------------------------------

    def _ready(self, draining: bool) -> List[bytes]:
        host = _CONTROL.sub("", _socket.gethostname())[:255]
        head: Dict[str, Any] = {
            "worker": self.worker_id,
            "slots": self.slots,
            "host": host,
            "pid": os.getpid(),
            "version": self.version,
        }
        if self._running:
            head["busy"] = len(self._running)
        if draining:
            head["draining"] = True
        return [p.WORKER_ROLE, b"READY", p.dumps(head)]

    def _report(self, job: Dict[str, Any], body: bytes) -> List[bytes]:
        """Runs ``process`` (on a pool thread) and returns the frames of its RESULT or FAILED."""
        head = {"job": job["job"], "attempt": job["attempt"]}

        def failed(code: str, message: str, retryable: bool, retry_after: Optional[float] = None) -> List[bytes]:
            failure = dict(head, code=code, message=message[:MAX_FAILURE_MESSAGE], retryable=retryable)
            if retry_after is not None:
                failure["retryAfter"] = float(retry_after)
            return [p.WORKER_ROLE, b"FAILED", p.dumps(failure)]

        if job.get("bodyEncoding") is not None:  # never asked for: this worker lists no encodings
            return failed("bad-body", "body encoding %r is not supported" % str(job["bodyEncoding"])[:32], False)
        started = time.monotonic()
        try:
            document = self.process(job, body)
        except JobFailed as failure:
            return failed(failure.code, failure.message, failure.retryable, failure.retry_after)
        except Exception as error:  # a bug or a transient problem: let another attempt try
            log.warning("job %s failed: %s", job["job"], error, exc_info=True)
            return failed("internal", "%s: %s" % (type(error).__name__, error), True)
        if not isinstance(document, dict):
            return failed("bad-result", "process returned %s, not a dict" % type(document).__name__, False)
        try:
            encoded = p.dumps(document)  # strict RFC 8259: no NaN or Infinity
        except (TypeError, ValueError) as error:
            return failed("bad-result", "the result document is not JSON: %s" % error, False)
        limit = job.get("maxResultBytes")
        if isinstance(limit, int) and len(encoded) > limit:
            return failed("too-large", "result document of %d bytes, over the limit of %d" % (len(encoded), limit), False)
        head["stagesMs"] = {"process": round((time.monotonic() - started) * 1000, 3)}
        language = document.get("language")
        if isinstance(language, dict) and isinstance(language.get("code"), str):
            head["language"] = language["code"]
        if isinstance(document.get("pageType"), str):
            head["pageType"] = document["pageType"]
        return [p.WORKER_ROLE, b"RESULT", p.dumps(head), encoded]

    # --- the I/O loop --------------------------------------------------------------------------

    def _open(self, context: zmq.Context):
        sock = context.socket(zmq.DEALER)
        sock.setsockopt(zmq.ROUTING_ID, self._routing_id)
        sock.setsockopt(zmq.LINGER, 0)
        sock.setsockopt(zmq.RECONNECT_IVL, 100)
        sock.setsockopt(zmq.RECONNECT_IVL_MAX, 2000)
        if self.max_frame_bytes:
            sock.setsockopt(zmq.MAXMSGSIZE, int(self.max_frame_bytes))
        p.configure_curve(sock, *self._keys)
        sock.connect(self.endpoint)
        return sock

    def run(self) -> None:
        """Works until ``stop()`` (or Ctrl-C), then drains and leaves."""
        context = zmq.Context()
        pool = ThreadPoolExecutor(max_workers=self.slots, thread_name_prefix="presswork-job")
        held: List[List[bytes]] = []  # reports produced while no socket was up
        interval, dead_after = self.heartbeat, self.heartbeat * self.liveness
        sock = None
        tries = 0
        reconnect_at = time.monotonic()
        heard = sent = stats_sent = time.monotonic()
        draining = False
        drain_deadline = 0.0

        def send(frames: List[bytes]) -> bool:
            nonlocal sent
            try:
                sock.send_multipart(frames, flags=zmq.NOBLOCK)
            except zmq.ZMQError as error:
                log.warning("cannot send %s: %s", frames[1].decode(), error)
                return False
            sent = time.monotonic()
            return True

        def report(frames: List[bytes]) -> None:
            if sock is None or not send(frames):
                held.append(frames)  # kept in memory; sent after the next READY
            else:
                if frames[1] == b"RESULT":
                    self.done += 1
                else:
                    self.failed += 1

        def connect() -> None:
            nonlocal sock, heard, stats_sent
            sock = self._open(context)
            heard = time.monotonic()
            stats_sent = 0.0  # memory statistics right after registering, then every 5 s
            # READY counts every job not reported yet, the held reports among them.
            send(self._ready(draining))
            if draining:
                send([p.WORKER_ROLE, b"DRAINING"])
            reports = held[:]
            held.clear()
            for frames in reports:
                report(frames)

        def handle(frames: List[bytes]) -> None:
            nonlocal draining
            if len(frames) < 2 or frames[0] != p.WORKER_ROLE:
                log.warning("dropped a message that is not PWW1")
                return
            command = frames[1]
            if command == b"JOB":
                if len(frames) != 4:
                    log.warning("dropped a JOB of %d frames", len(frames))
                    return
                try:
                    job = p.loads_object(frames[2], "JOB header")
                except BadReply as error:
                    log.warning("dropped a JOB: %s", error)
                    return
                attempt = job.get("attempt")
                if not isinstance(job.get("job"), str) or not isinstance(attempt, int) or attempt < 1:
                    log.warning("dropped a JOB without a valid job id and attempt")
                    return
                if not isinstance(job.get("article"), dict):
                    job["article"] = {}
                if draining:
                    return  # not started: handed back when we DISCONNECT (section 5.3)
                key = (job["job"], attempt)
                self._running.add(key)
                pool.submit(lambda j=job, b=frames[3]: self._outcomes.put(self._report(j, b)))
            elif command == b"HEARTBEAT":
                pass
            elif command == b"DISCONNECT":
                reason = ""
                if len(frames) >= 3:
                    try:
                        reason = str(p.loads_object(frames[2], "DISCONNECT header").get("reason", ""))
                    except BadReply:
                        pass
                log.info("coordinator sent DISCONNECT (%s)", reason[:200])
                if not draining:
                    send(self._ready(False))  # register again, with the jobs still running as busy
            elif command == b"ERROR":
                message = ""
                if len(frames) >= 3:
                    try:
                        head = p.loads_object(frames[2], "ERROR header")
                        message = "%s: %s" % (head.get("code"), head.get("message"))
                    except BadReply:
                        pass
                log.warning("coordinator refused a message: %s", message[:500])
            else:
                log.warning("dropped an unknown command %r", command[:16])

        try:
            while True:
                now = time.monotonic()
                if self._stop.is_set() and not draining:
                    draining = True
                    drain_deadline = now + self.drain_timeout
                    if sock is not None:
                        send([p.WORKER_ROLE, b"DRAINING"])
                if draining and (not self._running or now >= drain_deadline):
                    break
                if sock is None:
                    if now >= reconnect_at:
                        try:
                            connect()
                        except zmq.ZMQError as error:
                            log.warning("cannot open a socket to %s: %s", self.endpoint, error)
                            sock, reconnect_at = None, now + RECONNECT_MAX
                    else:
                        time.sleep(min(0.05, reconnect_at - now))
                elif sock.poll(50, zmq.POLLIN):
                    frames, _ = p.recv_bounded(sock)
                    heard, tries = time.monotonic(), 0  # any message counts
                    handle(frames)
                if held and sock is not None:  # reports a full send queue refused earlier
                    reports = held[:]
                    held.clear()
                    for frames in reports:
                        report(frames)
                while True:
                    try:
                        frames = self._outcomes.get_nowait()
                    except queue.Empty:
                        break
                    head = p.loads_object(frames[2], "report")
                    self._running.discard((head["job"], head["attempt"]))
                    report(frames)
                now = time.monotonic()
                if sock is None:
                    continue
                if now - heard > dead_after:  # the coordinator is silent: back off, reconnect
                    log.warning("no message from the coordinator for %.1f s: reconnecting", now - heard)
                    sock.close(0)
                    sock = None
                    tries += 1
                    self.reconnects += 1
                    reconnect_at = now + random.uniform(0, min(RECONNECT_MAX, RECONNECT_BASE * 2 ** (tries - 1)))
                elif now - sent >= interval or now - stats_sent >= STATS_INTERVAL:
                    rss = _rss_bytes()
                    send([p.WORKER_ROLE, b"HEARTBEAT"] + ([p.dumps({"rssBytes": rss})] if rss else []))
                    stats_sent = now
        except KeyboardInterrupt:
            self._stop.set()
        finally:
            self._leave(context, sock, held)
            pool.shutdown(wait=False)

    def _leave(self, context: zmq.Context, sock, held: List[List[bytes]]) -> None:
        """Sends what is left and DISCONNECT, waits for the answer, closes (section 5.3 step 4)."""
        try:
            if sock is None:
                sock = self._open(context)
                sock.send_multipart(self._ready(True))
                sock.send_multipart([p.WORKER_ROLE, b"DRAINING"])
            for frames in held:
                sock.send_multipart(frames)
            sock.send_multipart([p.WORKER_ROLE, b"DISCONNECT"])
            deadline = time.monotonic() + GOODBYE_WAIT
            while time.monotonic() < deadline:
                if sock.poll(int((deadline - time.monotonic()) * 1000) + 1, zmq.POLLIN):
                    frames, _ = p.recv_bounded(sock)
                    if frames[:2] == [p.WORKER_ROLE, b"DISCONNECT"]:
                        break
            sock.setsockopt(zmq.LINGER, int(GOODBYE_WAIT * 1000))
            sock.close()
        except zmq.ZMQError as error:
            log.warning("leaving: %s", error)
        finally:
            if sock is not None and not sock.closed:
                sock.close(0)
            context.term()
