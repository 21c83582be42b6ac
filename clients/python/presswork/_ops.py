"""The client commands as I/O-free generators, shared by ``Client`` and ``AsyncClient``.

Each operation is a generator that yields steps: ``_Request`` (the driver sends it and sends the
reply back in, or throws the error in), ``_Sleep`` and ``_Emit`` (a value for an iterator).  The
synchronous and the asyncio driver only differ in how they perform the steps.
"""

import time
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Union

from . import _protocol as p
from .errors import PressworkError, BadReply, StoreUnavailable, TooLarge, Unreachable, UnknownJob, WaitTimeout

FINAL_STATES = ("done", "dead", "cancelled")
PENDING_STATES = ("queued", "leased")


class _Request:
    __slots__ = ("command", "header", "bodies")

    def __init__(self, command: str, header: Dict[str, Any], bodies: Sequence[bytes] = ()):
        self.command = command
        self.header = header
        self.bodies = list(bodies)

    def frames(self, req: int) -> List[bytes]:
        header = dict(self.header)
        header["req"] = req
        encoded = p.dumps(header)
        if len(encoded) > p.MAX_HEADER_BYTES:
            raise TooLarge("the %s header would be %d bytes, over the 1 MiB limit" % (self.command, len(encoded)))
        return [p.CLIENT_ROLE, self.command.encode("ascii"), encoded] + self.bodies


class _Sleep:
    __slots__ = ("seconds",)

    def __init__(self, seconds: float):
        self.seconds = seconds


class _Emit:
    __slots__ = ("value",)

    def __init__(self, value: Any):
        self.value = value


class JobIds(list):
    """The job ids of one ``submit``, in the order of the articles (a list of str).

    ``batch`` is the batch id the articles were submitted under; ``duplicates`` the indexes of the
    articles that ``dedupe`` found already at the coordinator (their id is the existing job's).
    """

    def __init__(self, ids: Iterable[str] = (), batch: Optional[str] = None, duplicates: Optional[Set[int]] = None):
        super().__init__(ids)
        self.batch = batch
        self.duplicates = set(duplicates or ())


class Cursor:
    """Where an export stopped: ``last`` is the cursor after the last document handed out (pass it
    as ``after=`` to read only what is stored later); None while nothing was read."""

    __slots__ = ("last",)

    def __init__(self, last: Optional[int] = None):
        self.last = last


def _ids(ids: Union[str, Iterable[str]]) -> List[str]:
    if isinstance(ids, str):
        return [ids]
    out = list(ids)
    for value in out:
        if not isinstance(value, str):
            raise TypeError("job ids are strings, not %s" % type(value).__name__)
    return out


def _chunks(items: List[Any], size: int):
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _int(header: Dict[str, Any], key: str, request: str, default: Optional[int] = None) -> int:
    value = header.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise BadReply("%s reply: %r is missing or not an integer" % (request, key))
    return value


class _Operations:
    """Configuration and the generator form of every command."""

    #: Articles per SUBMIT (as ``presswork submit``: 256; the protocol allows 1000).
    submit_max_articles = 256
    #: Bytes of article bodies per SUBMIT (as ``presswork submit``: about 16 MiB).
    submit_max_bytes = 16 << 20
    #: Times a SUBMIT that got no reply is sent again with the same idempotency key.
    submit_resends = 2
    #: Seconds a SUBMIT keeps being retried while the coordinator's store is unavailable.
    store_wait = 120.0

    endpoint: str
    timeout: float
    max_article_bytes: int

    # --- SUBMIT --------------------------------------------------------------------------------

    def _op_submit(self, articles, batch, priority, dedupe, job_timeout):
        if isinstance(articles, (str, bytes, bytearray, memoryview, dict)):
            articles = [articles]
        if batch is None:
            batch = p.new_batch_id()
        elif not p.valid_batch(batch):
            raise ValueError("batch must be 1 to 64 printable ASCII characters without spaces")
        items = [p.article_frames(article, "%s#%d" % (batch, n + 1)) for n, article in enumerate(articles)]
        for meta, body in items:
            if self.max_article_bytes and len(body) > self.max_article_bytes:
                raise TooLarge(
                    "%s: %d bytes, over the article limit of %d" % (meta["source"], len(body), self.max_article_bytes)
                )
        options: Dict[str, Any] = {"batch": batch}
        if priority is not None:
            options["priority"] = priority
        if dedupe is not None:
            options["dedupe"] = dedupe
        if job_timeout is not None:
            options["jobTimeout"] = job_timeout
        result = JobIds(batch=batch)
        for chunk in p.split_batches(items, min(self.submit_max_articles, p.MAX_ARTICLES_PER_SUBMIT), self.submit_max_bytes):
            header = dict(options, key=p.new_key(), articles=[meta for meta, _ in chunk])
            request = _Request("SUBMIT", header, [body for _, body in chunk])
            resent = 0
            pause = 1.0
            wait_until = time.monotonic() + self.store_wait
            while True:
                try:
                    reply = yield request
                except Unreachable as error:
                    # The coordinator may have queued the jobs and the reply got lost: the same SUBMIT
                    # with the same key is answered with the same job ids, never duplicates.
                    if error.request_sent and resent < self.submit_resends:
                        resent += 1
                        continue
                    error.job_ids = JobIds(result, batch, result.duplicates)
                    raise
                except StoreUnavailable as error:
                    if time.monotonic() + pause <= wait_until:
                        yield _Sleep(pause)
                        pause = min(15.0, pause * 2)
                        continue
                    error.job_ids = JobIds(result, batch, result.duplicates)
                    raise
                except PressworkError as error:
                    error.job_ids = JobIds(result, batch, result.duplicates)
                    raise
                break
            accepted = p.expect(reply, "ACCEPTED", "SUBMIT")
            jobs = accepted.get("jobs")
            if not isinstance(jobs, list) or len(jobs) != len(chunk) or not all(isinstance(j, str) for j in jobs):
                raise BadReply("SUBMIT of %d articles was answered with a wrong list of jobs" % len(chunk))
            duplicates = accepted.get("duplicates") or []
            if not isinstance(duplicates, list):
                raise BadReply("ACCEPTED: 'duplicates' is not a list")
            offset = len(result)
            result.duplicates.update(offset + i for i in duplicates if isinstance(i, int) and 0 <= i < len(jobs))
            result.extend(jobs)
        return result

    # --- JOBS and waiting ----------------------------------------------------------------------

    def _op_states(self, ids):
        ids = _ids(ids)
        states: List[str] = []
        for chunk in _chunks(ids, p.MAX_JOBS_PER_QUERY):
            reply = yield _Request("JOBS", {"jobs": chunk})
            answer = p.expect(reply, "JOBS", "JOBS").get("states")
            if not isinstance(answer, list) or len(answer) != len(chunk) or not all(isinstance(s, str) for s in answer):
                raise BadReply("JOBS reply: 'states' does not match the ids asked")
            states.extend(answer)
        return states

    def _op_wait(self, ids, timeout, poll_interval):
        ids = _ids(ids)
        deadline = None if timeout is None else time.monotonic() + timeout
        final: Dict[str, str] = {}
        pending = list(dict.fromkeys(ids))
        interval = min(0.05, poll_interval)
        last: Dict[str, str] = {}
        while pending:
            states = yield from self._op_states(pending)
            still = []
            for job, state in zip(pending, states):
                last[job] = state
                if state in FINAL_STATES:
                    final[job] = state
                elif state in PENDING_STATES:
                    still.append(job)
                elif state == "unknown":
                    raise UnknownJob("the coordinator does not know job %s" % job)
                else:
                    raise BadReply("JOBS reply: unknown state %r" % state)
            pending = still
            if not pending:
                break
            if deadline is not None and time.monotonic() + interval > deadline:
                raise WaitTimeout(
                    "%d of %d jobs still unfinished after %s s" % (len(pending), len(set(ids)), timeout), last
                )
            yield _Sleep(interval)
            interval = min(poll_interval, interval * 1.5)
        return {job: final[job] for job in ids}

    # --- reading -------------------------------------------------------------------------------

    def _op_status(self):
        reply = yield _Request("STATUS", {})
        return p.field(p.expect(reply, "STATUS", "STATUS"), "status", dict, "STATUS")

    def _op_show(self, job, history):
        if not isinstance(job, str):
            raise TypeError("a job id is a string")
        header = {"job": job}
        if history:
            header["history"] = True
        reply = yield _Request("SHOW", header)
        head = p.expect(reply, "SHOW", "SHOW")
        info = p.field(head, "job", dict, "SHOW")
        has_document = head.get("hasDocument") is True
        previous = head.get("previous") or []
        if not isinstance(previous, list):
            raise BadReply("SHOW reply: 'previous' is not a list")
        if len(reply.payload) != int(has_document) + len(previous):
            raise BadReply("SHOW reply carries %d documents, its header says otherwise" % len(reply.payload))
        frames = list(reply.payload)
        result: Dict[str, Any] = {"job": info, "document": None}
        if has_document:
            result["document"] = p.loads_object(frames.pop(0), "result document")
        if history:
            result["history"] = [
                dict(when if isinstance(when, dict) else {}, document=p.loads_object(frame, "replaced document"))
                for when, frame in zip(previous, frames)
            ]
        return result

    def _op_export(self, filters, after, page_size, cursor):
        filter_object = p.result_filter(filters)
        limit = max(1, min(p.MAX_EXPORT_PAGE, int(page_size)))
        after_cursor = after
        while True:
            header: Dict[str, Any] = {"limit": limit}
            if filter_object is not None:
                header["filter"] = filter_object
            if after_cursor is not None:
                header["after"] = after_cursor
            reply = yield _Request("EXPORT", header)
            head = p.expect(reply, "EXPORT", "EXPORT")
            count = _int(head, "count", "EXPORT")
            if count != len(reply.payload):
                raise BadReply("EXPORT reply says %d documents but carries %d" % (count, len(reply.payload)))
            for frame in reply.payload:
                yield _Emit(p.loads_object(frame, "result document"))
            if head.get("last") is not None:
                cursor.last = _int(head, "last", "EXPORT")
            after_cursor = head.get("next")
            if after_cursor is None:
                return cursor.last
            if not isinstance(after_cursor, int) or isinstance(after_cursor, bool):
                raise BadReply("EXPORT reply: 'next' is not an integer")

    def _op_dead(self, limit):
        reply = yield _Request("DEAD", {"limit": int(limit)})
        return p.field(p.expect(reply, "DEAD", "DEAD"), "jobs", list, "DEAD")

    # --- changing ------------------------------------------------------------------------------

    def _op_retry(self, ids):
        header = {} if ids is None else {"jobs": _ids(ids)}
        reply = yield _Request("RETRY", header)
        return _int(p.expect(reply, "RETRY", "RETRY"), "requeued", "RETRY")

    def _op_cancel(self, ids, batch):
        if (ids is None) == (batch is None):
            raise ValueError("cancel takes either job ids or a batch")
        keys = ("cancelled", "running", "finished", "unknown", "forbidden")
        total = dict.fromkeys(keys, 0)
        if ids is not None:
            for chunk in _chunks(_ids(ids), p.MAX_JOBS_PER_QUERY):
                reply = yield _Request("CANCEL", {"jobs": chunk})
                head = p.expect(reply, "CANCELLED", "CANCEL")
                for key in keys:
                    total[key] += _int(head, key, "CANCEL", 0)
            return total
        while True:
            reply = yield _Request("CANCEL", {"batch": batch, "limit": p.MAX_JOBS_PER_QUERY})
            head = p.expect(reply, "CANCELLED", "CANCEL")
            for key in keys:
                total[key] += _int(head, key, "CANCEL", 0)
            total["forbidden"] = _int(head, "forbidden", "CANCEL", 0)  # recounted on every page
            if not head.get("more") or _int(head, "cancelled", "CANCEL", 0) + _int(head, "running", "CANCEL", 0) == 0:
                return total
