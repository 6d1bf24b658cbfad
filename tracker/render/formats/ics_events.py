"""The feed cut into one VCALENDAR per event, for a CalDAV server (`tracker sync`).

CalDAV stores each event as its own calendar object resource (RFC 4791 section 4.1): a VCALENDAR
holding one VEVENT and the VTIMEZONEs it refers to. Cutting the feed's own bytes, rather than
building each event again, keeps one encoder: a synced event is, line for line, the VEVENT the
feed gives subscribers, so the two can never disagree. Works on the bytes alone (content lines of
RFC 5545 section 3.1), without icalendar, since the feed is this project's own output.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CRLF = b"\r\n"
# Calendar properties each resource keeps; NAME, X-WR-CALNAME, REFRESH-INTERVAL and the like
# describe the feed as a whole, and a calendar collection has its own.
KEPT = (b"VERSION", b"PRODID", b"CALSCALE")
_TZID = re.compile(rb";TZID=([^;:]+)")
_LINE = 75  # octets a content line may have before it is folded (RFC 5545 section 3.1)


@dataclass(frozen=True, slots=True)
class EventFile:
    """One event of the feed as a calendar object resource: its UID and the VCALENDAR's bytes."""

    uid: str
    body: bytes


def split_feed(feed: bytes) -> list[EventFile]:
    """Each VEVENT of `feed`, in feed order, in a VCALENDAR of its own with the calendar's
    VERSION, PRODID and CALSCALE and the VTIMEZONEs its properties name (TZID)."""
    header: list[bytes] = []
    zones: dict[bytes, bytes] = {}
    events: list[bytes] = []
    for lines in _components(feed):
        first = lines[0]
        if first == b"BEGIN:VTIMEZONE":
            tzid = next(line for line in _unfolded(lines) if line.startswith(b"TZID:"))
            zones[tzid.removeprefix(b"TZID:")] = CRLF.join(lines) + CRLF
        elif first == b"BEGIN:VEVENT":
            events.append(CRLF.join(lines) + CRLF)
        elif first.split(b":", 1)[0].split(b";", 1)[0] in KEPT:
            header.append(CRLF.join(lines) + CRLF)
    start = b"BEGIN:VCALENDAR" + CRLF + b"".join(header)
    files = []
    for event in events:
        unfolded = _unfolded(event.split(CRLF))
        uid = next(line for line in unfolded if line.startswith(b"UID:"))
        named = dict.fromkeys(m for line in unfolded for m in _TZID.findall(line.split(b":")[0]))
        used = b"".join(zones[name] for name in zones if name in named)
        body = start + used + event + b"END:VCALENDAR" + CRLF
        files.append(EventFile(uid.removeprefix(b"UID:").decode("utf-8"), body))
    return files


def with_properties(body: bytes, properties: dict[str, str]) -> bytes:
    """`body` (one VEVENT's VCALENDAR) with these X- properties added at the end of its VEVENT;
    values are written as given, so they must need no escaping (a hash, a timeline id)."""
    lines = b"".join(_fold(f"{name}:{value}".encode()) for name, value in properties.items())
    head, _, tail = body.rpartition(b"END:VEVENT" + CRLF)
    return head + lines + b"END:VEVENT" + CRLF + tail


def _components(feed: bytes) -> list[list[bytes]]:
    """The VCALENDAR's content: each property (with its folded continuation lines) or nested
    component as a list of physical lines."""
    parts: list[list[bytes]] = []
    depth = 0
    for line in feed.split(CRLF)[1:]:  # the first is BEGIN:VCALENDAR
        if not line or (line == b"END:VCALENDAR" and depth == 0):
            continue
        if depth or line.startswith(b" "):
            parts[-1].append(line)
        else:
            parts.append([line])
        depth += line.startswith(b"BEGIN:") - line.startswith(b"END:")
    return parts


def _unfolded(lines: list[bytes]) -> list[bytes]:
    """Content lines with their folds undone: a line starting with a space continues the last."""
    logical: list[bytes] = []
    for line in lines:
        if line.startswith(b" ") and logical:
            logical[-1] += line[1:]
        elif line:
            logical.append(line)
    return logical


def _fold(line: bytes) -> bytes:
    """One content line folded at 75 octets (the values here are ASCII: no character is cut)."""
    chunks = [line[:_LINE]]
    chunks += [b" " + line[i : i + _LINE - 1] for i in range(_LINE, len(line), _LINE - 1)]
    return CRLF.join(chunks) + CRLF
