"""Columns fitted to a width: when the flexible column (a title) does not fit whole, a column
that may wrap (a span's `start/end` date) narrows and the title gives way, down to a readable
minimum; below that, whole columns leave, least useful first. With no width (a pipe, a file)
every column keeps its natural width, so scripts get whole lines.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from tracker.render.terminal.style import paint

GAP = "  "
MIN_FLEXIBLE = 30  # below this a title stops being readable: an optional column gives way
ELLIPSIS = "…"
# Words, and ISO intervals split after their "/"; never before the ".." of an open end, which
# belongs to the date it follows ("2025-07-15/..").
_TOKENS = re.compile(r"\s+|(?:[^\s/]|/(?=\.\.))*/(?!\.\.)|(?:[^\s/]|/(?=\.\.))+")


@dataclass(frozen=True, slots=True)
class Column:
    """One column of a table.

    `leaves` orders the columns that may be dropped to fit (1 leaves first; None: never); such a
    column stays while the flexible column still gets `needs` characters. `narrow` is a width the
    column may shrink to, its cells wrapping. One column per table is `flexible`: it takes what
    the others leave, cut short (or wrapped) to fit.
    """

    header: str
    cells: tuple[str, ...]
    leaves: int | None = None
    flexible: bool = False
    narrow: int | None = None
    needs: int = MIN_FLEXIBLE

    @property
    def natural(self) -> int:
        return max((len(c) for c in (self.header, *self.cells)), default=0)


@dataclass(frozen=True, slots=True)
class Fitted:
    """The columns that fit, each with its width, and the headers of those that did not."""

    columns: tuple[Column, ...]
    widths: tuple[int, ...]
    hidden: tuple[str, ...]

    @property
    def total(self) -> int:
        return sum(self.widths) + len(GAP) * (len(self.widths) - 1)


def fit(columns: Sequence[Column], width: int | None) -> Fitted:
    """Which columns to show and how wide, for a screen `width` characters wide (None: no limit).

    >>> title = Column("Title", ("A rather long title for a small screen",), flexible=True)
    >>> fit([Column("Date", ("2019-02-02",)), title], 40).widths
    (10, 28)
    """
    if width is None:
        return Fitted(tuple(columns), tuple(c.natural for c in columns), ())
    flexible = next(c for c in columns if c.flexible)
    droppable = sorted((c for c in columns if c.leaves is not None), key=lambda c: c.leaves or 0)
    kept = list(columns)
    while True:
        wanted = min(flexible.natural, droppable[0].needs if droppable else 1)
        # Natural widths if the whole title fits; else narrow what may wrap, for a longer title.
        for narrowed, enough in ((False, flexible.natural), (True, wanted)):
            widths = [_width(c, narrowed) for c in kept]
            room = width - sum(widths) - len(GAP) * (len(kept) - 1) + widths[kept.index(flexible)]
            if room >= enough or (narrowed and not droppable):
                widths[kept.index(flexible)] = max(1, min(flexible.natural, room))
                hidden = tuple(c.header for c in columns if c not in kept)
                return Fitted(tuple(kept), tuple(widths), hidden)
        kept.remove(droppable.pop(0))


def _width(column: Column, narrowed: bool) -> int:
    if narrowed and column.narrow is not None:
        return min(column.natural, max(column.narrow, len(column.header)))
    return column.natural


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width`, broken at spaces or after a `/`.

    >>> wrap("2019-02-02/2019-08-02 *", 12)
    ['2019-02-02/', '2019-08-02 *']
    >>> wrap("Six-month notice period (Article XV)", 20)
    ['Six-month notice', 'period (Article XV)']
    """
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if token.isspace() and not line:
            continue
        if len(line) + len(token) > width and line:
            lines.append(line.rstrip())
            line = "" if token.isspace() else token
        else:
            line += token
        while len(line) > width:  # a word longer than the column is cut, never overflows
            lines.append(line[:width])
            line = line[width:]
    return [*lines, line.rstrip()] if line.strip() or not lines else lines


def cell_lines(text: str, width: int, wrapped: bool) -> list[str]:
    """A cell as the lines it takes: wrapped, or cut short with an ellipsis.

    >>> cell_lines("Six-month notice period (Article XV)", 20, wrapped=False)
    ['Six-month notice pe…']
    """
    if len(text) <= width:
        return [text]
    if wrapped:
        return wrap(text, width)
    return [text[: width - 1].rstrip() + ELLIPSIS]


def row_lines(fitted: Fitted, cells: Sequence[str], wrap_flexible: bool) -> list[str]:
    """One table row as text lines (several when a cell wraps), padded to the column widths and
    without trailing spaces. Only the flexible column is ever cut short; others wrap."""
    split = [
        cell_lines(cell, width, wrapped=wrap_flexible or not column.flexible)
        for cell, width, column in zip(cells, fitted.widths, fitted.columns, strict=True)
    ]
    height = max(len(lines) for lines in split)
    return [
        GAP.join(
            (lines[i] if i < len(lines) else "").ljust(width)
            for lines, width in zip(split, fitted.widths, strict=True)
        ).rstrip()
        for i in range(height)
    ]


def heading_lines(fitted: Fitted, colour: bool) -> list[str]:
    """The column headers, in the header style, and a rule as wide as the table."""
    headers = [column.header for column in fitted.columns]
    return [
        *(paint(line, "header", colour) for line in row_lines(fitted, headers, False)),
        "─" * fitted.total,
    ]


def footnotes(notes: Sequence[str], fitted: Fitted, width: int | None, colour: bool) -> list[str]:
    """The lines under a table: `notes`, then which columns did not fit, wrapped to the width."""
    if fitted.hidden:
        hidden = ", ".join(fitted.hidden)
        notes = [*notes, f"Hidden to fit {width} columns: {hidden} (`| less -S` shows them all)"]
    lines = [line for note in notes for line in (wrap(note, width) if width else [note])]
    return ["", *(paint(line, "note", colour) for line in lines)] if lines else []
