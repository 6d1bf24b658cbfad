"""`tracker export mermaid`: a Mermaid gantt chart, fenced for Markdown, which GitHub, GitLab and
many wikis draw where the text is pasted.

Mermaid reads a task as `title :tags, start, end`, so a title loses the characters that would end
it early (`:`, `;`, `#`), and one that Mermaid would read as a statement or a comment (`Section 5`,
`Title IX`, `Click here`, `% of votes`) begins with an invisible word joiner. Dates are whole days:
a one-day event is a milestone, a span or a vague date a bar over every day it may be (Mermaid's
end is exclusive, hence the day added). Mermaid's own today marker reads the reader's clock; the
as-of day is drawn instead as a milestone, so the chart says what it said when it was made.

A gantt has no open end either: a date still open is a milestone (or bar) at its earliest day and a
span with an open end a bar to the as-of day, each titled with its ISO 8601-2 label and what is
open ("Withdrawal (2026-01-15/.., open)", "Conflict (2022-02-24/.., end open)"); neither is ever
"done", since it has not been decided.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import pendulum

from events.resolved import ResolvedEvent, ResolvedTimeline
from events.select import days_drawn

_UNSAFE = re.compile(r"\s*[:;#][\s:;#]*")
# What Mermaid's gantt lexer reads as a statement or a comment at the start of a line, before it
# tries a task (its rules are tried in order, case-insensitively, and a keyword at the end of a
# title still takes the ` :tags` after it): a title beginning so would vanish or break the chart.
# Such a title is begun with U+2060 WORD JOINER, which no rule matches and which is invisible
# where the chart is drawn.
_STATEMENT = re.compile(
    r"(acc(Title|Descr)|href|call|click|gantt|dateFormat|inclusiveEndDates|topAxis"
    r"|axisFormat|tickInterval|includes|excludes|todayMarker|week(day|end)|title|section"
    r"|\d{4}-\d\d-\d\d)(?=\s|$)|%|.%",
    re.IGNORECASE | re.ASCII,
)
_JOINER = "\u2060"


def render_mermaid(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> str:
    """The gantt of every timeline, one section each, and the as-of day."""
    lines = ["```mermaid", "gantt"]
    if len(timelines) == 1:
        lines.append(f"    title {_text(timelines[0].timeline.title)}")
    lines += ["    dateFormat YYYY-MM-DD", "    axisFormat %Y-%m", "    todayMarker off"]
    for timeline in timelines:
        lines.append(f"    section {_text(timeline.timeline.id)}")
        lines += [f"    {_task(event, as_of)}" for event in timeline]
    day = as_of.isoformat()
    lines += ["    section Today", f"    As of {day} :milestone, {day}, 0d"]
    return "\n".join([*lines, "```"]) + "\n"


def render_export(timelines: Sequence[ResolvedTimeline], as_of: pendulum.Date) -> bytes:
    return render_mermaid(timelines, as_of).encode("utf-8")


def _task(event: ResolvedEvent, as_of: pendulum.Date) -> str:
    first, last = days_drawn(event, as_of)  # a span with an open end has run to the as-of day
    undecided = event.open_ended and not event.cancelled  # drawn from its earliest day, never done
    tags = []
    if event.event.kind == "deadline":
        tags.append("crit")
    if last < as_of and not undecided:
        tags.append("done")
    elif first <= as_of:
        tags.append("active")
    if first == last:
        tags += ["milestone", first.isoformat(), "0d"]
    else:
        tags += [first.isoformat(), last.add(days=1).isoformat()]
    title = event.event.title
    if event.date.approximate:  # a gantt has no uncertain day: the title says it
        title = f"{title} (about)"
    if undecided:
        title = f"{title} ({event.span_label}, {'open' if event.date.open else 'end open'})"
    if event.cancelled:
        title = f"{title} ({event.status})"
    return f"{_task_name(title)} :{', '.join(tags)}"


def _task_name(title: str) -> str:
    """A task's name that no Mermaid keyword or comment begins.

    >>> _task_name("Section 5 review") == "\u2060Section 5 review"
    True
    """
    text = _text(title)
    if not _STATEMENT.match(text):
        return text
    # one joiner, or two before a `%`: the lexer reads any character and then `%` as a comment
    return _JOINER * (2 if text.startswith("%") else 1) + text


def _text(text: str) -> str:
    """A title Mermaid reads whole.

    >>> _text("Talks: round 2; #3")
    'Talks - round 2 - 3'
    """
    return " ".join(_UNSAFE.sub(" - ", text).split()).strip(" -") or "untitled"
