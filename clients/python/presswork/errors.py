"""Typed exceptions of the Presswork client.

``PressworkError`` is the base of everything this package raises about the cluster.  A coordinator's
``ERROR`` reply (PROTOCOL.md section 10.1) becomes a ``ProtocolError`` subclass chosen by its ``code``;
a code this version does not know becomes a plain ``ProtocolError`` that keeps ``.code``.
"""

from typing import Dict, Optional, Type

__all__ = [
    "PressworkError",
    "Unreachable",
    "BadReply",
    "WaitTimeout",
    "ProtocolError",
    "Malformed",
    "UnsupportedVersion",
    "UnknownCommand",
    "TooLarge",
    "UnknownJob",
    "Forbidden",
    "TooManyPending",
    "QuotaExceeded",
    "StorageFull",
    "KeyReused",
    "InternalError",
    "StoreUnavailable",
    "JobFailed",
    "error_for_code",
]


class PressworkError(Exception):
    """Base class of every error this package raises about the cluster."""

    def __init__(self, message: str = ""):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class Unreachable(PressworkError):
    """No reply from the coordinator within the timeout (not running, wrong endpoint, or a CURVE
    key it does not admit: a refused handshake shows only as silence).

    ``request_sent`` tells whether the request went out before the reply failed to come, so the
    coordinator may have acted on it.
    """

    def __init__(self, message: str = "", request_sent: bool = False):
        super().__init__(message)
        self.request_sent = request_sent


class BadReply(PressworkError):
    """The coordinator answered with something this client cannot read (another protocol or
    version, a wrong frame count, invalid JSON, or a reply of the wrong kind)."""


class WaitTimeout(PressworkError, TimeoutError):
    """``wait`` ran out of time; ``states`` holds the last state of every job (id -> state)."""

    def __init__(self, message: str = "", states: Optional[Dict[str, str]] = None):
        super().__init__(message)
        self.states = dict(states or {})


class ProtocolError(PressworkError):
    """The coordinator refused a request with ``ERROR``.

    ``code`` is the protocol's machine-readable code (e.g. ``unknown-job``), ``message`` the
    coordinator's text for people, ``req`` the request number it answers (None when absent).
    Subclasses exist for every code of PROTOCOL.md section 10.1; unknown codes give this class.
    """

    code: str = ""

    def __init__(self, message: str = "", code: Optional[str] = None, req: Optional[int] = None):
        super().__init__(message)
        if code is not None:
            self.code = code
        self.req = req

    def __str__(self) -> str:
        return "%s: %s" % (self.code, self.message) if self.code else self.message


class Malformed(ProtocolError):
    """``malformed``: missing frames or fields, invalid JSON, a wrong type or an out-of-range value."""

    code = "malformed"


class UnsupportedVersion(ProtocolError):
    """``unsupported-version``: the coordinator does not speak this role and version."""

    code = "unsupported-version"


class UnknownCommand(ProtocolError):
    """``unknown-command``: the coordinator does not know the command (an older version)."""

    code = "unknown-command"


class TooLarge(ProtocolError):
    """``too-large``: a header over 1 MiB, too many articles or ids, an article over the limit.

    Also raised by this client, before sending, for an article over its ``max_article_bytes``.
    """

    code = "too-large"


class UnknownJob(ProtocolError):
    """``unknown-job``: the coordinator does not hold that job id."""

    code = "unknown-job"


class Forbidden(ProtocolError):
    """``forbidden``: under CURVE, the key is not admitted for the role; or a disabled operation."""

    code = "forbidden"


class TooManyPending(ProtocolError):
    """``too-many-pending``: the client's quota of unfinished jobs or bytes is used up."""

    code = "too-many-pending"


#: Alias of ``TooManyPending`` (the per-client quota, counted as ``client-quota`` in STATUS).
QuotaExceeded = TooManyPending


class StorageFull(ProtocolError):
    """``storage-full``: the coordinator's disk is nearly full; no job was created."""

    code = "storage-full"


class KeyReused(ProtocolError):
    """``key-reused``: an idempotency key was used before for a different number of articles."""

    code = "key-reused"


class InternalError(ProtocolError):
    """``internal``: the coordinator could not read its store for the request."""

    code = "internal"


class StoreUnavailable(ProtocolError):
    """``store-unavailable``: the coordinator's database is out of reach; try again later."""

    code = "store-unavailable"


_BY_CODE: Dict[str, Type[ProtocolError]] = {
    cls.code: cls
    for cls in (
        Malformed,
        UnsupportedVersion,
        UnknownCommand,
        TooLarge,
        UnknownJob,
        Forbidden,
        TooManyPending,
        StorageFull,
        KeyReused,
        InternalError,
        StoreUnavailable,
    )
}


def error_for_code(code: str, message: str, req: Optional[int] = None) -> ProtocolError:
    """The exception for an ``ERROR`` reply with ``code``."""
    cls = _BY_CODE.get(code)
    if cls is None:
        return ProtocolError(message, code=code, req=req)
    return cls(message, req=req)


class JobFailed(Exception):
    """Raised by ``Worker.process`` to report ``FAILED`` with a code of its own.

    ``retryable=False`` (the default) makes the job dead at once: use it for input that can never
    succeed. Any other exception from ``process`` is reported as ``internal``, retryable.
    """

    def __init__(self, code: str, message: str = "", retryable: bool = False, retry_after: Optional[float] = None):
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.retryable = retryable
        self.retry_after = retry_after
