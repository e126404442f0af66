"""Request bodies as JSON, safely: the nesting depth is measured **before** anything recursive runs
(``json.loads`` recurses once per level, and so does everything that walks what it returns), and
the non-standard ``NaN``, ``Infinity`` and ``-Infinity`` that Python's parser accepts are refused.

The depth is found without recursion and at C speed (bytes methods and regular expressions): escaped
backslashes and quotes are dropped, strings cut out, everything but brackets deleted; the brackets
left (``{}`` counted as ``[]``) are summed as +1 / -1 when few, and otherwise first reduced by
deleting every innermost pair ``[]`` at once, which takes exactly one level off, at most 64 times.
"""

from __future__ import annotations

import json
import re
from itertools import accumulate

from hall_desk.sync.protocol import BODY_NAN, BODY_NOT_JSON, BODY_TOO_DEEP

MAX_DEPTH = 64  # arrays and objects inside one another; no message of the protocol comes close

_STRING = re.compile(rb'"[^"]*"')  # once escapes are gone, a string is quote, no quote, quote
_NOT_BRACKETS = bytes(b for b in range(256) if b not in b"[]{}")
_SQUARE = bytes.maketrans(b"{}", b"[]")  # for depth, an object is a bracket like an array
_OPEN_RUN = b"[" * (MAX_DEPTH + 1)
_FEW = 100_000  # brackets summed one by one below this many
_STEP = {ord("["): 1, ord("]"): -1}


class BodyError(ValueError):
    """A body that is not acceptable JSON; ``code`` is the error code the reply carries."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def nesting_depth(data: bytes) -> int:
    """The deepest nesting of arrays and objects in ``data`` (0 for a scalar), ignoring brackets
    inside strings; past ``MAX_DEPTH`` only a number above it. For text that is not JSON the number
    is only a bound. Never recurses."""
    outside = _STRING.sub(b"", data.replace(b"\\\\", b"").replace(b'\\"', b""))
    brackets = outside.translate(_SQUARE, _NOT_BRACKETS)
    peeled = 0
    while len(brackets) > _FEW:
        if _OPEN_RUN in brackets or peeled > MAX_DEPTH:
            return MAX_DEPTH + 1
        fewer = brackets.replace(b"[]", b"")
        if fewer == brackets:  # no pair left to peel: not JSON, the parser will say so
            return peeled
        brackets, peeled = fewer, peeled + 1
    return peeled + max(0, max(accumulate(map(_STEP.__getitem__, brackets)), default=0))


def _refuse_constant(name: str) -> object:
    raise BodyError(BODY_NAN, f"{name} is not a JSON number: send numbers as JSON has them")


def parse_json_body(data: bytes) -> object:
    """The JSON value of a request body, or :class:`BodyError` (``body.too_deep``,
    ``body.nan``, ``body.not_json``)."""
    depth = nesting_depth(data)
    if depth > MAX_DEPTH:
        raise BodyError(BODY_TOO_DEEP, f"the body nests deeper than {MAX_DEPTH} levels")
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except BodyError:
        raise
    except (ValueError, RecursionError):  # UnicodeDecodeError and over-long integers included
        raise BodyError(BODY_NOT_JSON, "the body is not JSON") from None
