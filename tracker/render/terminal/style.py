"""The palette: one meaning per style, the same in the table, `next` and the chart.

Renderers mark text with a role; whether the colour reaches the screen is decided by click when
the text is echoed (a terminal, `--color/--no-color`, `NO_COLOR`), never here.
"""

from __future__ import annotations

from typing import Any, Literal

import click
import pendulum

from events.resolved import ResolvedEvent
from events.select import days_of

Role = Literal["header", "past", "next", "deadline", "cancelled", "today", "span", "note"]

STYLES: dict[Role, dict[str, Any]] = {
    "header": {"bold": True},
    "past": {"dim": True},  # finished: still readable, no longer news
    "next": {"fg": "yellow", "bold": True},  # the next deadline is the reason people look
    "deadline": {"fg": "yellow"},
    "cancelled": {"dim": True, "strikethrough": True},
    "today": {"fg": "cyan", "bold": True},
    "span": {"fg": "blue", "bold": True},
    "note": {"dim": True},
}


def paint(text: str, role: Role | None, colour: bool = True) -> str:
    """`text` in the style of `role`; unchanged without a role, without colour or when empty."""
    if not (colour and role and text):
        return text
    return click.style(text, **STYLES[role])


def role_of(event: ResolvedEvent, as_of: pendulum.Date, nxt: ResolvedEvent | None) -> Role | None:
    """How an event reads at a glance: cancelled, the next deadline, past, or a deadline ahead."""
    if event.cancelled:
        return "cancelled"
    if event is nxt:
        return "next"
    if days_of(event)[1] < as_of:
        return "past"
    return "deadline" if event.event.kind == "deadline" else None
