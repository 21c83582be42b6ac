"""Wire-level helpers shared by the clients and the worker (PROTOCOL.md sections 3, 8, 10, 11)."""

import datetime
import json
import os
import re
import secrets
import time
from typing import Any, Dict, List, Optional, Sequence, Tuple, Union

from .errors import BadReply, error_for_code

CLIENT_ROLE = b"PWC1"
WORKER_ROLE = b"PWW1"

#: A JSON header larger than this is refused (``ProtocolLimits.maxHeaderBytes``).
MAX_HEADER_BYTES = 1 << 20
#: Frames per message, not counting the routing id (``ProtocolLimits.maxFrames``).
MAX_FRAMES = 1004
#: Articles per SUBMIT (``maxArticlesPerSubmit``).
MAX_ARTICLES_PER_SUBMIT = 1000
#: Ids per JOBS and CANCEL request (``maxJobsPerQuery``).
MAX_JOBS_PER_QUERY = 10000
#: Documents per EXPORT page (``maxExportPage``).
MAX_EXPORT_PAGE = 500
#: The coordinator's default article limit (``--max-article-bytes``).
DEFAULT_MAX_ARTICLE_BYTES = 32 << 20
#: libzmq frame limit that goes with the default article limit: 4 x article + 1 MiB.
DEFAULT_MAX_FRAME_BYTES = 4 * DEFAULT_MAX_ARTICLE_BYTES + (1 << 20)

_COMMAND = re.compile(rb"\A[A-Z_]{1,16}\Z")
_BATCH = re.compile(r"\A[\x21-\x7e]{1,64}\Z")
_Z85_KEY = re.compile(r"\A[0-9a-zA-Z.\-:+=^!/*?&<>()\[\]{}@%$#]{40}\Z")


def dumps(obj: Any) -> bytes:
    """Compact JSON with sorted keys, as the reference implementation writes it."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode("utf-8")


def _reject_constant(name: str) -> Any:
    raise ValueError("not strict JSON: %s" % name)


def loads_object(data: bytes, what: str) -> Dict[str, Any]:
    """Parses one strict JSON object (the coordinator's data: parsed, never evaluated)."""
    try:
        value = json.loads(bytes(data).decode("utf-8"), parse_constant=_reject_constant)
    except (ValueError, UnicodeDecodeError) as error:
        raise BadReply("%s is not valid JSON: %s" % (what, error)) from None
    if not isinstance(value, dict):
        raise BadReply("%s is not a JSON object" % what)
    return value


# --- replies -------------------------------------------------------------------------------------


class Reply:
    """One decoded client-protocol reply: its name, JSON header and payload frames."""

    __slots__ = ("name", "header", "payload")

    def __init__(self, name: str, header: Dict[str, Any], payload: List[bytes]):
        self.name = name
        self.header = header
        self.payload = payload

    @property
    def req(self) -> Optional[int]:
        req = self.header.get("req")
        return req if isinstance(req, int) and not isinstance(req, bool) else None


def decode_reply(frames: Sequence[bytes]) -> Reply:
    """Decodes ``PWC1``, name, header, payload...; raises ``BadReply`` for anything else."""
    if len(frames) < 3:
        raise BadReply("reply has %d frames, expected at least 3" % len(frames))
    if bytes(frames[0]) != CLIENT_ROLE:
        raise BadReply("reply is not in the client protocol PWC1 (protocol mismatch)")
    name = bytes(frames[1])
    if not _COMMAND.match(name):
        raise BadReply("reply command is not a command name")
    if len(frames[2]) > MAX_HEADER_BYTES:
        raise BadReply("reply header is over 1 MiB")
    header = loads_object(frames[2], "reply header")
    return Reply(name.decode("ascii"), header, [bytes(f) for f in frames[3:]])


def raise_if_error(reply: Reply) -> None:
    if reply.name != "ERROR":
        return
    code = reply.header.get("code")
    message = reply.header.get("message")
    if not isinstance(code, str):
        raise BadReply("ERROR reply without a code")
    raise error_for_code(code, message if isinstance(message, str) else "", reply.req)


def reply_to(message: List[bytes], dropped: bool, req: int, endpoint: str) -> Optional[Reply]:
    """The reply to request ``req`` in ``message``; None for a late reply to an earlier request (skip it).
    Raises ``BadReply`` for an oversized or unreadable reply and the typed error for an ``ERROR``."""
    if dropped:
        raise BadReply("%s sent a reply of more than %d frames" % (endpoint, MAX_FRAMES))
    reply = decode_reply(message)
    # Replies to earlier, timed-out requests may still arrive.
    if reply.req is not None and reply.req != req:
        return None
    raise_if_error(reply)
    return reply


def expect(reply: Reply, name: str, request: str) -> Dict[str, Any]:
    if reply.name != name:
        raise BadReply("%s was answered with %s" % (request, reply.name))
    return reply.header


def field(header: Dict[str, Any], key: str, kind: Union[type, Tuple[type, ...]], request: str) -> Any:
    value = header.get(key)
    if not isinstance(value, kind) or (isinstance(value, bool) and kind in (int, (int, float))):
        raise BadReply("%s reply: %r is missing or has the wrong type" % (request, key))
    return value


def recv_bounded(sock, flags: int = 0) -> Tuple[List[bytes], bool]:
    """Receives one multipart message from a synchronous socket, keeping at most ``MAX_FRAMES``
    frames and draining the rest; returns the frames and whether any were dropped."""
    import zmq

    frames = [sock.recv(flags)]
    dropped = False
    while sock.getsockopt(zmq.RCVMORE):
        frame = sock.recv()
        if len(frames) < MAX_FRAMES:
            frames.append(frame)
        else:
            dropped = True
    return frames, dropped


# --- CURVE keys ----------------------------------------------------------------------------------


def _as_text(value: Union[str, bytes, "os.PathLike[str]"]) -> str:
    if isinstance(value, bytes):
        return value.decode("ascii")
    return os.fspath(value)


def _read_key_file(path: str) -> Tuple[Optional[bytes], Optional[bytes], Optional[bytes]]:
    """(public, secret, bare) from a zcert file, or a file holding one 40-character Z85 key (bare)."""
    with open(path, "rb") as handle:
        data = handle.read(65536)
    text = data.decode("ascii", errors="replace").strip()
    if _Z85_KEY.match(text):
        return None, None, text.encode("ascii")
    public = re.search(r'^\s*public-key\s*=\s*"([^"]{40})"', text, re.M)
    secret = re.search(r'^\s*secret-key\s*=\s*"([^"]{40})"', text, re.M)
    if not public and not secret:
        raise ValueError("%s is neither a ZeroMQ certificate nor a Z85 key" % path)
    return (
        public.group(1).encode("ascii") if public else None,
        secret.group(1).encode("ascii") if secret else None,
        None,
    )


def load_secret_key(value) -> Tuple[bytes, bytes]:
    """(public, secret) Z85 keys from a ``NAME.key`` file path or a 40-character secret key."""
    text = _as_text(value)
    if _Z85_KEY.match(text) and not os.path.exists(text):
        secret = text.encode("ascii")
        return _public_of(secret), secret
    public, secret, bare = _read_key_file(text)
    secret = secret or bare  # a bare key file given as the secret key holds the secret key
    if secret is None:
        raise ValueError("%s holds no secret key (pass NAME.key, not NAME.pub)" % text)
    return public or _public_of(secret), secret


def load_public_key(value) -> bytes:
    """The Z85 public key from a ``NAME.pub``/``NAME.key`` file or a 40-character key string."""
    text = _as_text(value)
    if _Z85_KEY.match(text) and not os.path.exists(text):
        return text.encode("ascii")
    public, secret, bare = _read_key_file(text)
    if public is not None:
        return public
    if bare is not None:  # a bare key file given as a public key holds the public key
        return bare
    return _public_of(secret)


def _public_of(secret: bytes) -> bytes:
    import zmq

    return zmq.curve_public(secret)


def configure_curve(sock, key, server_key) -> bool:
    """Makes ``sock`` a CURVE client when keys are given; returns whether it did."""
    if key is None and server_key is None:
        return False
    if key is None or server_key is None:
        raise ValueError("CURVE needs both key (this client's NAME.key) and server_key (the coordinator's .pub)")
    import zmq

    if not zmq.has("curve"):
        raise RuntimeError("this libzmq has no CURVE support")
    public, secret = load_secret_key(key)
    sock.curve_secretkey = secret
    sock.curve_publickey = public
    sock.curve_serverkey = load_public_key(server_key)
    return True


# --- articles ------------------------------------------------------------------------------------


def new_batch_id() -> str:
    """A batch id people can read and sort, like ``presswork submit``'s: UTC time and 4 hex digits."""
    return time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + "-%04x" % secrets.randbelow(1 << 16)


def new_key() -> str:
    """An idempotency key: 128 random bits in hex."""
    return secrets.token_hex(16)


def valid_batch(batch: str) -> bool:
    return isinstance(batch, str) and bool(_BATCH.match(batch))


def _body(value, name: str) -> bytes:
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError("article %r must be str or bytes" % name)


_PASSTHROUGH = ("url", "lang", "contentType", "hints", "crawl")


def article_frames(article, source: str) -> Tuple[Dict[str, Any], bytes]:
    """(ArticleMeta, body) for one article of ``submit``.

    A str is one text article; bytes are one article of format ``auto``. A dict follows the JSON
    Lines batch format: exactly one of ``html`` or ``text`` (str or bytes), or only ``url`` (the
    worker fetches it), and optionally ``id``, ``url``, ``lang``, ``contentType``; also ``source``,
    ``hints`` and ``crawl`` as in ArticleMeta (PROTOCOL.md 9.1).
    """
    if isinstance(article, str):
        return {"format": "text", "source": source}, article.encode("utf-8")
    if isinstance(article, (bytes, bytearray, memoryview)):
        return {"format": "auto", "source": source}, bytes(article)
    if not isinstance(article, dict):
        raise TypeError("an article is a str, bytes or a dict, not %s" % type(article).__name__)
    meta: Dict[str, Any] = {"source": article.get("source") or source}
    if article.get("id") is not None:
        meta["articleId"] = str(article["id"])
    if article.get("content_type") is not None and "contentType" not in article:
        meta["contentType"] = article["content_type"]
    for key in _PASSTHROUGH:
        if article.get(key) is not None:
            meta[key] = article[key]
    has_html, has_text = article.get("html") is not None, article.get("text") is not None
    if has_html and has_text:
        raise ValueError("an article needs exactly one of 'html' or 'text' (%s)" % meta["source"])
    if has_html or has_text:
        meta["format"] = article.get("format") or ("html" if has_html else "text")
        body = _body(article["html"] if has_html else article["text"], "html" if has_html else "text")
        if not body:
            raise ValueError("empty article (%s)" % meta["source"])
        return meta, body
    if meta.get("url"):
        if not re.match(r"(?i)\Ahttps?://", str(meta["url"])):
            raise ValueError("not an http or https URL: %r" % meta["url"])
        meta["format"] = "fetch"
        return meta, b""
    raise ValueError("an article needs 'html', 'text' or a 'url' to fetch (%s)" % meta["source"])


def split_batches(items: List[Tuple[Dict[str, Any], bytes]], max_articles: int, max_bytes: int) -> List[list]:
    """Splits (meta, body) pairs into SUBMITs of at most ``max_articles`` articles, ``max_bytes`` of
    bodies and a header well under 1 MiB; an article larger than ``max_bytes`` goes alone."""
    batches: List[list] = []
    current: list = []
    size = header = 0
    for meta, body in items:
        meta_size = len(dumps(meta)) + 1
        if current and (
            len(current) >= max_articles or size + len(body) > max_bytes or header + meta_size > MAX_HEADER_BYTES // 2
        ):
            batches.append(current)
            current, size, header = [], 0, 0
        current.append((meta, body))
        size += len(body)
        header += meta_size
    if current:
        batches.append(current)
    return batches


# --- result filters ------------------------------------------------------------------------------


def _seconds(value, name: str) -> float:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=datetime.timezone.utc)
        return value.timestamp()
    if isinstance(value, datetime.timedelta):  # "the last ..." as a duration
        return time.time() - value.total_seconds()
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise TypeError("%s must be seconds since 1970, a datetime or a timedelta" % name)


def _day(value) -> str:
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value)


def _strings(value) -> List[str]:
    if isinstance(value, str):
        return [part for part in value.split(",") if part]
    return [str(v) for v in value]


_FILTER_KEYS = {
    "lang": "lang",
    "page_type": "pageType",
    "pageType": "pageType",
    "site": "site",
    "published_since": "publishedSince",
    "publishedSince": "publishedSince",
    "published_until": "publishedUntil",
    "publishedUntil": "publishedUntil",
    "since": "since",
    "until": "until",
    "batch": "batch",
    "search": "search",
    "status": "status",
}


def result_filter(filters: Dict[str, Any]) -> Optional[Dict[str, Any]]:
    """The EXPORT ``filter`` object (PROTOCOL.md 8.5) from keyword arguments; None values are ignored."""
    out: Dict[str, Any] = {}
    for name, value in filters.items():
        if value is None:
            continue
        key = _FILTER_KEYS.get(name)
        if key is None:
            raise TypeError("unknown result filter %r (known: %s)" % (name, ", ".join(sorted(set(_FILTER_KEYS)))))
        if key in ("lang", "pageType"):
            out[key] = _strings(value)
        elif key in ("since", "until"):
            out[key] = _seconds(value, name)
        elif key in ("publishedSince", "publishedUntil"):
            out[key] = _day(value)
        else:
            out[key] = str(value)
    return out or None
