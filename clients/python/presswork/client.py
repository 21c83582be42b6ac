"""The synchronous client: one DEALER socket, one request at a time (PROTOCOL.md section 8)."""

import time
from typing import Any, Dict, Iterator, List, Optional, Union

import zmq

from . import _protocol as p
from ._ops import Cursor, JobIds, _Emit, _Operations, _Request, _Sleep
from .errors import PressworkError, Unreachable

__all__ = ["Client"]

DEFAULT_ENDPOINT = "tcp://127.0.0.1:7700"


def _unreachable_text(endpoint: str, timeout: float, curve: bool) -> str:
    hint = (
        "; with CURVE, also that server_key is the coordinator's public key and this key is admitted as a client"
        if curve
        else "; if the coordinator uses CURVE, pass key and server_key"
    )
    return "no reply from the coordinator at %s within %g s (is it running?%s)" % (endpoint, timeout, hint)


class _SocketConfig:
    """Socket setup shared by ``Client`` and ``AsyncClient``."""

    def _configure(self, sock, endpoint, key, server_key, max_frame_bytes) -> bool:
        sock.setsockopt(zmq.LINGER, 0)
        # Queue nothing for a coordinator that is not there, so a dead endpoint times out cleanly.
        sock.setsockopt(zmq.IMMEDIATE, 1)
        if max_frame_bytes:
            sock.setsockopt(zmq.MAXMSGSIZE, int(max_frame_bytes))
        curve = p.configure_curve(sock, key, server_key)
        try:
            sock.connect(endpoint)
        except zmq.ZMQError as error:
            sock.close(0)
            raise Unreachable("cannot connect to %s: %s" % (endpoint, error)) from None
        return curve


class Client(_Operations, _SocketConfig):
    """A connection to a Presswork coordinator.

    ``key`` is this client's secret key (a ``NAME.key`` file from ``presswork keygen`` or the
    40-character Z85 secret key) and ``server_key`` the coordinator's public key (``NAME.pub`` or
    the key); both or neither: with them the connection uses CURVE.  ``timeout`` is the seconds to
    wait for each reply before raising ``Unreachable``.  ``max_frame_bytes`` bounds every frame
    read (libzmq drops the connection on a larger one); the default goes with the coordinator's
    default article limit.

    Not thread-safe (it owns a ZeroMQ socket): use one client per thread.  Use it as a context
    manager, or call ``close()``.
    """

    def __init__(
        self,
        endpoint: str = DEFAULT_ENDPOINT,
        key=None,
        server_key=None,
        timeout: float = 10.0,
        *,
        max_frame_bytes: Optional[int] = p.DEFAULT_MAX_FRAME_BYTES,
        max_article_bytes: int = p.DEFAULT_MAX_ARTICLE_BYTES,
        context: Optional[zmq.Context] = None,
    ):
        self.endpoint = endpoint
        self.timeout = float(timeout)
        self.max_article_bytes = max_article_bytes
        self._own_context = context is None
        self._context = context or zmq.Context()
        self._socket = self._context.socket(zmq.DEALER)
        try:
            self.uses_curve = self._configure(self._socket, endpoint, key, server_key, max_frame_bytes)
        except BaseException:
            self._socket.close(0)
            if self._own_context:
                self._context.term()
            raise
        self._next_req = 1

    # --- lifecycle -----------------------------------------------------------------------------

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close(0)
            self._socket = None
            if self._own_context:
                self._context.term()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # --- one request ---------------------------------------------------------------------------

    def _request(self, request: _Request) -> p.Reply:
        if self._socket is None:
            raise PressworkError("the client is closed")
        req = self._next_req
        self._next_req += 1
        frames = request.frames(req)
        deadline = time.monotonic() + self.timeout
        # IMMEDIATE makes sends fail while no connection is up: retry until the deadline.
        while True:
            try:
                self._socket.send_multipart(frames, flags=zmq.NOBLOCK, copy=False)
                break
            except zmq.Again:
                if time.monotonic() >= deadline:
                    raise Unreachable(_unreachable_text(self.endpoint, self.timeout, self.uses_curve)) from None
                time.sleep(0.02)
            except zmq.ZMQError as error:
                raise Unreachable("cannot send to %s: %s" % (self.endpoint, error)) from None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Unreachable(_unreachable_text(self.endpoint, self.timeout, self.uses_curve), request_sent=True)
            try:
                if not self._socket.poll(int(remaining * 1000) + 1, zmq.POLLIN):
                    continue
                message, dropped = p.recv_bounded(self._socket, zmq.NOBLOCK)
            except zmq.Again:
                continue
            except zmq.ZMQError as error:
                raise Unreachable("connection to %s failed: %s" % (self.endpoint, error), request_sent=True) from None
            reply = p.reply_to(message, dropped, req, self.endpoint)
            if reply is not None:
                return reply

    def _iterate(self, op):
        value = error = None
        while True:
            try:
                step = op.throw(error) if error is not None else op.send(value)
            except StopIteration as stop:
                return stop.value
            value = error = None
            if isinstance(step, _Request):
                try:
                    value = self._request(step)
                except PressworkError as failure:
                    error = failure
            elif isinstance(step, _Sleep):
                time.sleep(step.seconds)
            elif isinstance(step, _Emit):
                yield step.value

    def _run(self, op):
        steps = self._iterate(op)
        while True:
            try:
                next(steps)
            except StopIteration as stop:
                return stop.value

    # --- commands ------------------------------------------------------------------------------

    def submit(
        self,
        articles,
        wait: bool = False,
        batch: Optional[str] = None,
        priority: Optional[str] = None,
        dedupe: Optional[str] = None,
        *,
        job_timeout: Optional[float] = None,
        wait_timeout: Optional[float] = None,
    ) -> Union[JobIds, Dict[str, str]]:
        """Submits articles and returns their job ids once the coordinator has made them durable.

        ``articles`` is a list (or one article): plain strings are text articles; dicts follow the
        JSON Lines batch format, ``{"html"|"text": ..., "id", "url", "lang", "contentType"}``, or only
        a ``url`` for the workers to fetch.  Large lists go in several SUBMITs, each with its own
        idempotency key, resent with the same key when no reply comes, so no article is queued twice.
        ``batch`` names the batch (default: a generated id, in ``ids.batch``); ``priority`` is
        ``high``, ``normal`` or ``low``; ``dedupe`` is ``url``, ``article-id`` or ``content``.

        Returns a ``JobIds`` list; with ``wait=True``, waits for every job to finish and returns
        ``{job id: "done" | "dead" | "cancelled"}`` instead.
        """
        ids = self._run(self._op_submit(articles, batch, priority, dedupe, job_timeout))
        if wait:
            return self.wait(ids, timeout=wait_timeout)
        return ids

    def states(self, ids) -> List[str]:
        """The state of each job, in order: ``queued``, ``leased``, ``done``, ``dead``, ``cancelled``
        or ``unknown``."""
        return self._run(self._op_states(ids))

    def wait(self, ids, timeout: Optional[float] = None, poll_interval: float = 1.0) -> Dict[str, str]:
        """Waits until every job is done, dead or cancelled; returns ``{job id: final state}``.

        Raises ``WaitTimeout`` after ``timeout`` seconds (None: no limit) and ``UnknownJob`` for an
        id the coordinator does not know.
        """
        return self._run(self._op_wait(ids, timeout, poll_interval))

    def status(self) -> Dict[str, Any]:
        """The cluster's status document (``STATUS.md``): coordinator, queue, workers, ..."""
        return self._run(self._op_status())

    def show(self, job: str, history: bool = False) -> Dict[str, Any]:
        """``{"job": JobInfo, "document": result document or None}``; with ``history``, also
        ``"history"``: the documents re-processing replaced, newest first."""
        return self._run(self._op_show(job, history))

    def iter_results(self, *, after: Optional[int] = None, page_size: int = 200, cursor: Optional[Cursor] = None,
                     **filters) -> Iterator[Dict[str, Any]]:
        """Yields the stored result documents that match every filter given, page by page.

        Filters (PROTOCOL.md 8.5): ``lang``, ``page_type`` (str, comma-separated, or list),
        ``site``, ``published_since``, ``published_until`` (dates), ``since``, ``until`` (seconds
        since 1970, datetime, or a timedelta meaning "that long ago"), ``batch``, ``search``, and
        ``status`` (``queued``, ``running``, ``dead``, ``cancelled``: yields JobInfo objects).
        ``after`` continues after a cursor; pass a ``Cursor()`` as ``cursor`` to learn where it
        stopped (``cursor.last``).
        """
        return self._iterate(self._op_export(filters, after, page_size, cursor or Cursor()))

    def dead(self, limit: int = 10000) -> List[Dict[str, Any]]:
        """Dead jobs (JobInfo objects, oldest first) with every attempt's error in ``errors``."""
        return self._run(self._op_dead(limit))

    def retry(self, ids=None) -> int:
        """Requeues the given dead jobs (None: every dead job); returns how many were requeued."""
        return self._run(self._op_retry(ids))

    def cancel(self, ids=None, *, batch: Optional[str] = None) -> Dict[str, int]:
        """Cancels the given jobs, or every unfinished job of ``batch``; returns the counts
        ``cancelled`` (were queued), ``running``, ``finished``, ``unknown`` and ``forbidden``."""
        return self._run(self._op_cancel(ids, batch))
