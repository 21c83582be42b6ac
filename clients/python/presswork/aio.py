"""The asyncio client: the same commands as ``Client``, as coroutines (zmq.asyncio)."""

import asyncio
import time
from typing import Any, Dict, List, Optional, Union

import zmq
import zmq.asyncio

from . import _protocol as p
from ._ops import Cursor, JobIds, _Emit, _Operations, _Request, _Sleep
from .client import DEFAULT_ENDPOINT, _SocketConfig, _unreachable_text
from .errors import PressworkError, Unreachable

__all__ = ["AsyncClient"]


class AsyncClient(_Operations, _SocketConfig):
    """``Client`` for asyncio: every command is a coroutine, ``iter_results`` an async iterator.

    Requests from concurrent tasks are sent one at a time (the replies are matched by ``req``).
    Use ``async with AsyncClient(...) as client``, or call ``close()``.
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
        context: Optional[zmq.asyncio.Context] = None,
    ):
        self.endpoint = endpoint
        self.timeout = float(timeout)
        self.max_article_bytes = max_article_bytes
        self._own_context = context is None
        self._context = context or zmq.asyncio.Context()
        self._socket = self._context.socket(zmq.DEALER)
        try:
            self.uses_curve = self._configure(self._socket, endpoint, key, server_key, max_frame_bytes)
        except BaseException:
            self._socket.close(0)
            if self._own_context:
                self._context.term()
            raise
        self._next_req = 1
        self._lock: Optional[asyncio.Lock] = None

    def close(self) -> None:
        if self._socket is not None:
            self._socket.close(0)
            self._socket = None
            if self._own_context:
                self._context.term()

    async def __aenter__(self) -> "AsyncClient":
        return self

    async def __aexit__(self, *exc) -> None:
        self.close()

    # --- one request ---------------------------------------------------------------------------

    async def _recv_bounded(self):
        frames = [await self._socket.recv(zmq.NOBLOCK)]
        dropped = False
        while self._socket.getsockopt(zmq.RCVMORE):
            frame = await self._socket.recv(zmq.NOBLOCK)
            if len(frames) < p.MAX_FRAMES:
                frames.append(frame)
            else:
                dropped = True
        return frames, dropped

    async def _request(self, request: _Request) -> p.Reply:
        if self._lock is None:
            self._lock = asyncio.Lock()
        async with self._lock:
            return await self._request_locked(request)

    async def _request_locked(self, request: _Request) -> p.Reply:
        if self._socket is None:
            raise PressworkError("the client is closed")
        req = self._next_req
        self._next_req += 1
        frames = request.frames(req)
        deadline = time.monotonic() + self.timeout
        while True:
            try:
                await self._socket.send_multipart(frames, flags=zmq.NOBLOCK)
                break
            except zmq.Again:
                if time.monotonic() >= deadline:
                    raise Unreachable(_unreachable_text(self.endpoint, self.timeout, self.uses_curve)) from None
                await asyncio.sleep(0.02)
            except zmq.ZMQError as error:
                raise Unreachable("cannot send to %s: %s" % (self.endpoint, error)) from None
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise Unreachable(_unreachable_text(self.endpoint, self.timeout, self.uses_curve), request_sent=True)
            try:
                if not await self._socket.poll(int(remaining * 1000) + 1, zmq.POLLIN):
                    continue
                message, dropped = await self._recv_bounded()
            except zmq.Again:
                continue
            except zmq.ZMQError as error:
                raise Unreachable("connection to %s failed: %s" % (self.endpoint, error), request_sent=True) from None
            reply = p.reply_to(message, dropped, req, self.endpoint)
            if reply is not None:
                return reply

    async def _step(self, op, value, error):
        """Advances ``op`` to its next step and performs requests and sleeps; returns
        ``(True, emitted)`` for an emitted value and ``(False, result)`` when the op returns."""
        while True:
            try:
                step = op.throw(error) if error is not None else op.send(value)
            except StopIteration as stop:
                return False, stop.value
            value = error = None
            if isinstance(step, _Request):
                try:
                    value = await self._request(step)
                except PressworkError as failure:
                    error = failure
            elif isinstance(step, _Sleep):
                await asyncio.sleep(step.seconds)
            elif isinstance(step, _Emit):
                return True, step.value

    async def _run(self, op):
        while True:
            emitted, value = await self._step(op, None, None)
            if not emitted:
                return value

    # --- commands ------------------------------------------------------------------------------

    async def submit(
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
        """As ``Client.submit``."""
        ids = await self._run(self._op_submit(articles, batch, priority, dedupe, job_timeout))
        if wait:
            return await self.wait(ids, timeout=wait_timeout)
        return ids

    async def states(self, ids) -> List[str]:
        return await self._run(self._op_states(ids))

    async def wait(self, ids, timeout: Optional[float] = None, poll_interval: float = 1.0) -> Dict[str, str]:
        """As ``Client.wait``."""
        return await self._run(self._op_wait(ids, timeout, poll_interval))

    async def status(self) -> Dict[str, Any]:
        return await self._run(self._op_status())

    async def show(self, job: str, history: bool = False) -> Dict[str, Any]:
        return await self._run(self._op_show(job, history))

    async def iter_results(self, *, after: Optional[int] = None, page_size: int = 200,
                           cursor: Optional[Cursor] = None, **filters):
        """As ``Client.iter_results``, as an async iterator: ``async for doc in client.iter_results()``."""
        op = self._op_export(filters, after, page_size, cursor or Cursor())
        while True:
            emitted, value = await self._step(op, None, None)
            if not emitted:
                return
            yield value

    async def dead(self, limit: int = 10000) -> List[Dict[str, Any]]:
        return await self._run(self._op_dead(limit))

    async def retry(self, ids=None) -> int:
        return await self._run(self._op_retry(ids))

    async def cancel(self, ids=None, *, batch: Optional[str] = None) -> Dict[str, int]:
        return await self._run(self._op_cancel(ids, batch))
