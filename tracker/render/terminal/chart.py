"""`tracker chart`: the timeline drawn to scale, one event per row, so labels never collide.

```
INF Treaty: U.S. withdrawal
             1988         1991  2014  2018       Jul         2019        Jul
           ──┬───────── ≈ ─── ≈ ─ ≈ ──┬──────────┬───────────┬───────────┬── ≈ ▼
1987-12-08 ● Reagan and Gorbachev sign the INF Treaty in Washington            ┊
2019-02-02                Six-month notice period (Article XV) ━━━━━━━━━━━━    ┊
```

Each row starts with the event's date; its mark sits at its day on the axis (a bar for a span,
dashes for a date known only to a month or a year), its title beside it on whichever side has
room. Pure: the width and the range are given; colour is marked with roles and left to click.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pendulum

from events.resolved import ResolvedEvent, ResolvedTimeline
from events.select import days_drawn, upcoming_deadlines
from tracker.render.terminal.axis import BREAK, Axis, plan_axis
from tracker.render.terminal.layout import ELLIPSIS, cell_lines, wrap
from tracker.render.terminal.style import Role, paint, role_of

POINT, DEADLINE, ABOUT, ABOUT_DEADLINE, CANCELLED = "●", "◆", "○", "◇", "×"
BAR, VAGUE, TODAY, TODAY_MARK, CUT = "━", "┄", "┊", "▼", "≈"
CLIPPED_START, CLIPPED_END = "◀", "▶"  # a span that goes on beyond the chart's edge
OPEN = "→"  # after the earliest day of a date still open: it may come any day after


GUTTER = 11  # "2019-02-02 " before each row, when the chart is wide enough to spare it
MIN_GUTTER_WIDTH = 40


class _Line:
    """One line of the chart: a gutter for the date, then `area` columns of chart; each
    character with the role that colours it."""

    def __init__(self, area: int, origin: int) -> None:
        self.area, self.origin = area, origin
        self.chars = [" "] * (origin + area)
        self.roles: list[Role | None] = [None] * (origin + area)
        self.glyphs: set[str] = set()  # marks and bars drawn, for the legend

    def put(self, column: int, text: str, role: Role | None) -> None:
        """Write `text` from a chart column on; whatever falls outside the chart is dropped."""
        for offset, char in enumerate(text):
            if 0 <= column + offset < self.area:
                self.chars[self.origin + column + offset] = char
                self.roles[self.origin + column + offset] = role

    def draw(self, column: int, glyphs: str, role: Role | None) -> None:
        self.put(column, glyphs, role)
        self.glyphs.update(glyphs)

    def gutter(self, text: str, role: Role | None) -> None:
        for offset, char in enumerate(text[: max(0, self.origin - 1)]):
            self.chars[offset], self.roles[offset] = char, role

    def text(self, colour: bool) -> str:
        end = len("".join(self.chars).rstrip())
        runs: list[str] = []
        start = 0
        for index in range(1, end + 1):
            if index == end or self.roles[index] != self.roles[start]:
                runs.append(paint("".join(self.chars[start:index]), self.roles[start], colour))
                start = index
        return "".join(runs)


def render_chart(
    timelines: Sequence[ResolvedTimeline],
    as_of: pendulum.Date,
    width: int = 80,
    start: pendulum.Date | None = None,
    end: pendulum.Date | None = None,
    *,
    colour: bool = True,
) -> str:
    """The chart `width` columns wide, from `start` to `end` (default: the first event to the
    last, or today when that is later); several timelines share one axis, each under its title.
    """
    if not any(len(timeline) for timeline in timelines):
        return "No events match.\n"
    axis = chart_axis(timelines, as_of, width, start, end)
    room = _arrow_room(timelines)
    origin = width - axis.width - room
    upcoming = upcoming_deadlines(timelines)
    nxt = upcoming[0][1] if upcoming else None
    today = axis.column(as_of)
    lines = [] if len(timelines) > 1 else [_heading(timelines[0], width, colour)]
    lines += [_tick_labels(axis, origin).text(colour), _axis_line(axis, origin, today).text(colour)]
    drawn: set[str] = set()
    for timeline in timelines:
        if len(timelines) > 1:
            lines.append(_heading(timeline, width, colour))
        for event in timeline:
            row = _row(event, _Line(axis.width + room, origin), axis, as_of, today, nxt)
            lines.append(row.text(colour))
            drawn |= row.glyphs
    lines += ["", *_legend(drawn, axis, width, as_of, today, colour)]
    return "\n".join(lines) + "\n"


def chart_axis(
    timelines: Sequence[ResolvedTimeline],
    as_of: pendulum.Date,
    width: int,
    start: pendulum.Date | None = None,
    end: pendulum.Date | None = None,
) -> Axis:
    """The axis `render_chart` draws on, in the columns right of the date gutter: room for every
    event, and for today unless the range given leaves it out."""
    intervals = [days_drawn(event, as_of) for timeline in timelines for event in timeline]
    if (start or as_of) <= as_of <= (end or as_of):
        intervals.append((as_of, as_of))
    area = width - GUTTER if width >= MIN_GUTTER_WIDTH else width
    return plan_axis(intervals, area - _arrow_room(timelines), start, end)


def _arrow_room(timelines: Sequence[ResolvedTimeline]) -> int:
    """Columns kept right of the axis for the arrow of an open date on its last day."""
    shown = any(e.date.open and not e.cancelled for timeline in timelines for e in timeline)
    return len(OPEN) if shown else 0


def render_export(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    """`tracker export text --chart`: the chart 80 columns wide, without colour."""
    return render_chart(timelines, as_of, colour=False).encode("utf-8")


def _heading(timeline: ResolvedTimeline, width: int, colour: bool) -> str:
    return paint(cell_lines(timeline.timeline.title, width, wrapped=False)[0], "header", colour)


def _tick_labels(axis: Axis, origin: int) -> _Line:
    """Labels at their ticks, left to right, each kept only if it clears the one before; one
    that would run off the right edge ends at it instead."""
    line = _Line(axis.width, origin)
    free = 0
    for column, label, _ in axis.ticks():
        column = min(column, axis.width - len(label))
        if column >= free:
            line.put(column, label, "header")
            free = column + len(label) + 1
    return line


def _axis_line(axis: Axis, origin: int, today: int | None) -> _Line:
    line = _Line(axis.width, origin)
    for segment in axis.segments:
        line.put(segment.column, "─" * segment.width, None)
        if segment is not axis.segments[-1]:
            line.put(segment.column + segment.width, f" {CUT} ", "note")
    for column, _, boundary in axis.ticks():
        if boundary:
            line.put(column, "┬", None)
    if today is not None:
        line.put(today, TODAY_MARK, "today")
    return line


def _row(
    event: ResolvedEvent,
    line: _Line,
    axis: Axis,
    as_of: pendulum.Date,
    today: int | None,
    nxt: ResolvedEvent | None,
) -> _Line:
    """One event: its date in the gutter, its mark or bar at its days, its title beside."""
    role = role_of(event, as_of, nxt)
    date = event.date
    line.gutter(date.label if len(date.label) < GUTTER else date.earliest.isoformat(), role)
    if today is not None:
        line.put(today, TODAY, "today")
    first, last = days_drawn(event, as_of)  # a span whose end is open runs to today
    cells = axis.columns(first, last)
    if cells is None:  # outside the chart: cannot happen for events the axis was planned for
        return line
    if event.end is not None:
        bar = BAR * len(cells)
        if first < axis.first:
            bar = CLIPPED_START + bar[1:]
        if event.end.open:
            bar = bar[:-1] + OPEN
        elif last > axis.last:
            bar = bar[:-1] + CLIPPED_END
        line.draw(cells.start, bar, "span" if role is None else role)
    elif event.date.open:  # its earliest day, then the arrow of a day not decided
        cells = range(cells.start, cells.start + 2)
        line.draw(cells.start, _mark(event) + OPEN, role)
    elif event.date.is_vague:  # every day it may be, dashed
        line.draw(cells.start, _mark(event) + VAGUE * (len(cells) - 1), role)
    else:  # one day: one mark, even when a day is wider than a column
        cells = range(cells.start, cells.start + 1)
        line.draw(cells.start, _mark(event), role)
    _label(line, event, cells, role, as_of)
    return line


def _mark(event: ResolvedEvent) -> str:
    if event.cancelled:
        return CANCELLED
    deadline = event.event.kind == "deadline"
    if event.date.approximate or event.date.lower_bound.is_vague:
        return ABOUT_DEADLINE if deadline else ABOUT
    return DEADLINE if deadline else POINT


def _label(
    line: _Line, event: ResolvedEvent, cells: range, role: Role | None, as_of: pendulum.Date
) -> None:
    """The title right of the mark if it fits, else left of it, else inside a long bar; else cut
    short where there is most room. A span says when it ends, when there is room for that, and
    one under way how much of it is left."""
    title = event.event.title
    texts = [title]
    if event.end is not None and event.end != event.date:
        until = "end open" if event.end.open else f"until {event.end.label}"
        texts.insert(0, f"{title}, {until}")
    if event.open:
        texts.insert(0, f"{title}, {'running, end open' if event.running else 'date open'}")
    elif event.running:
        left = event.days_until(as_of)
        texts.insert(0, f"{title}, running: {'ends today' if left == 0 else f'{left} days left'}")
    places: tuple[tuple[int, Callable[[str], None]], ...] = (  # (room, how to put a text there)
        (line.area - (cells.stop + 1), lambda t: line.put(cells.stop, f" {t}", role)),
        (cells.start - 1, lambda t: line.put(cells.start - 1 - len(t), f"{t} ", role)),
        # "━ title ━━━" over a long bar; the space before it keeps today's line clear
        (
            len(cells) - 4 if event.end is not None else 0,
            lambda t: line.put(cells.start + 1, f" {t} ", role),
        ),
    )
    for text in texts:
        for room, put in places:
            if len(text) <= room:
                put(text)
                return
    room, put = max(places, key=lambda place: place[0])
    if room > 1:
        put(title[: room - 1].rstrip() + ELLIPSIS)


def _legend(
    drawn: set[str],
    axis: Axis,
    width: int,
    as_of: pendulum.Date,
    today: int | None,
    colour: bool,
) -> list[str]:
    """What the marks drawn mean, and where today is."""
    meanings = (
        (POINT, "event"),
        (DEADLINE, "deadline"),
        (ABOUT, "about"),
        (ABOUT_DEADLINE, "deadline, about"),
        (CANCELLED, "cancelled"),
        (BAR, "span"),
        (VAGUE, "date known to the month or year"),
        (OPEN, "open: not before this day, no day known yet"),
    )
    parts = [f"{glyph} {meaning}" for glyph, meaning in meanings if glyph in drawn]
    if drawn & {CLIPPED_START, CLIPPED_END}:
        parts.append(f"{CLIPPED_START}{CLIPPED_END} goes on beyond the edge")
    if len(axis.segments) > 1:
        parts.append(f"{CUT} years without events, cut")
    if today is not None:
        parts.append(f"{TODAY} today {as_of.isoformat()}")
    else:
        side = "after" if as_of > axis.last else "before"
        parts.append(f"today {as_of.isoformat()} is {side} the chart")
    lines = [piece for line in _fill(parts, width, BREAK - 1) for piece in wrap(line, width)]
    return [paint(line, "note", colour) for line in lines]


def _fill(parts: Sequence[str], width: int, gap: int) -> list[str]:
    """As many parts on a line as fit, `gap` spaces apart."""
    lines = [""]
    for part in parts:
        joined = f"{lines[-1]}{' ' * gap}{part}" if lines[-1] else part
        if len(joined) <= width or not lines[-1]:
            lines[-1] = joined
        else:
            lines.append(part)
    return lines
