"""Python client library of Presswork, a distributed article-processing cluster.

``Client`` and ``AsyncClient`` speak the client protocol (PWC1) to a coordinator; ``Worker`` is a
base class for a processing stage written in Python (PWW1).  See README.md.
"""

from ._ops import Cursor, JobIds
from .aio import AsyncClient
from .client import Client
from .errors import (
    BadReply,
    Forbidden,
    InternalError,
    JobFailed,
    KeyReused,
    Malformed,
    PressworkError,
    ProtocolError,
    QuotaExceeded,
    StorageFull,
    StoreUnavailable,
    TooLarge,
    TooManyPending,
    UnknownCommand,
    UnknownJob,
    Unreachable,
    UnsupportedVersion,
    WaitTimeout,
)
from .worker import Worker

__version__ = "0.1.0"

__all__ = [
    "Client",
    "AsyncClient",
    "Worker",
    "JobIds",
    "Cursor",
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
]
