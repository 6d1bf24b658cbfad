"""New timelines of the user's own: a starter file (`tracker new`) and a copy of a bundled
timeline (`tracker copy`).

The starter is clean: the header, and the events it teaches by as comments, so a new timeline
holds nothing the user did not write (`tracker add notice` works at once, and nothing made up is
ever published). `tracker new --example` writes the teaching file instead: a working timeline
with a dated event, a vague date, a rule, a span and a revision, each with the one sentence that
explains it. Both pass `tracker check` as written (a test keeps them so), record the day they
were made as `updated` (the record's horizon) and remind of each deadline 30, 7 and 1 day before.
"""

from __future__ import annotations

import pendulum
import tomlkit

from events.clauses import Clause
from tracker.editing.schema import schema_line
from tracker.editing.toml import set_timeline_id
from tracker.errors import TimelineNotFound
from tracker.files.locations import bundled_ids, catalog_folder

_HEADER = """\
[timeline]
{id_line}# also the file's name and the feed's ({id}.ics)
title = {title_value}
{timezone_line}# the zone of "today", and of times written without one
updated = {updated}              # the day you last checked the record: a date after it that
                                  # has come is "unconfirmed" until you check again
# description = "What this timeline follows."
remind = ["30 days", "7 days", "1 day"]  # alarms before each deadline, in the feed
"""

_CLEAN = """\
# Your timeline. `tracker add -t {id}` adds an event, `tracker check -t {id}` checks the file,
# `tracker show -t {id}` shows it. `tracker new ID --title T --example` writes a file with an
# example of each kind of date.

{header}
# An event looks like this (`tracker add` writes them; or remove the # of each line):
# [[event]]
# id = "notice"                   # lower-case letters, digits and hyphens; unique here
# title = "Notice of withdrawal deposited"
# date = 2025-06-27               # a day; "2025-05" is some day in May, "~2025-05-20" about it
# kind = "statement"              # milestone, deadline, window, meeting or statement
# sources = [{{ title = "Depositary notification", url = "https://example.org/notice" }}]
#
# A rule: a date derived from other events, recomputed when they move.
# [[event]]
# id = "effective"
# title = "Withdrawal takes effect"
# date = "notice + 6 months"
# rule = "Art. 20(3)"             # the clause it comes from: `tracker explain` cites it
# kind = "deadline"
"""

_EXAMPLE = """\
# Your timeline. `tracker check -t {id}` checks it, `tracker show -t {id}` shows it.
# The events below are examples of each kind of date: change them or replace them.

{header}
# A dated event: a day, written as a TOML date.
[[event]]
id = "signed"                     # lower-case letters, digits and hyphens; unique here
title = "Treaty signed"
date = 1997-12-03
kind = "milestone"                # milestone, deadline, window, meeting or statement
sources = [{{ title = "Treaty text", url = "https://example.org/treaty" }}]

# A vague date: "2025-05" is some day in May 2025, "2025" some day in that year, and
# "~2025-05-20" about that day. A date is never more precise than what is known.
[[event]]
id = "consultations"
title = "Government consults parliament on withdrawal"
date = "2025-05"

[[event]]
id = "notice"
title = "Notice of withdrawal deposited"
date = 2025-06-27
kind = "statement"

# A rule: a date derived from other events, recomputed when they move. `rule` cites the
# clause it comes from; `tracker explain effective -t {id}` shows both.
[[event]]
id = "effective"
title = "Withdrawal takes effect"
date = "notice + 6 months"
rule = "Art. 20(3)"
kind = "deadline"

# A span: an event with an end runs from its date through its end.
[[event]]
id = "notice-period"
title = "Six-month notice period"
date = "notice"
end = "effective"
kind = "window"

# A revision: a date that moved. History is added to, never rewritten: the value in force on
# a day is the latest revision decided on or before it. `tracker move` and `tracker cancel`
# write these for you.
[[event]]
id = "review"
title = "Review conference"
date = 2025-11-24
kind = "meeting"
[[event.revision]]
on = 2025-09-01                   # when the change was decided or announced
date = 2025-12-01
reason = "Postponed by a week"
"""


def starter(
    timeline_id: str, title: str, timezone: str, updated: pendulum.Date, example: bool = False
) -> bytes:
    """The starter file for a new timeline: the `#:schema` line, the header (`updated` the day
    it is made) and the examples as comments; with `example`, the teaching file, whose examples
    are events."""
    header = _header(timeline_id, title, timezone, updated)
    text = (_EXAMPLE if example else _CLEAN).format(id=timeline_id, header=header)
    return (schema_line() + text).encode("utf-8")


def _header(timeline_id: str, title: str, timezone: str, updated: pendulum.Date) -> str:
    return _HEADER.format(
        id=timeline_id,
        id_line=f"id = {tomlkit.string(timeline_id).as_string()}".ljust(34),
        title_value=tomlkit.string(title).as_string(),
        timezone_line=f"timezone = {tomlkit.string(timezone).as_string()}".ljust(34),
        updated=updated.isoformat(),
    )


_CLAUSE_STARTER = """\
# A withdrawal under {citation} ({depositary} is the depositary).
# `tracker clause {clause_id}` shows the clause; `tracker check -t {id}` checks this file.

{header}
# The notice: the day the depositary received it. Add its source (the depositary notification).
[[event]]
id = "notice"
title = "Notice of withdrawal received by the depositary"
date = {notice}
kind = "statement"

# The effective date comes from the clause library: `clause` names the clause, `notice` the
# event it counts from, so the arithmetic is written once, in the library.
[[event]]
id = "effective"
title = "Withdrawal takes effect"
clause = "{clause_id}"
notice = "notice"
kind = "deadline"

# The notice period, as a span: `tracker until notice-period` counts down while it runs.
[[event]]
id = "notice-period"
title = "Notice period"
date = "notice"
end = "effective"
kind = "window"
"""


def clause_starter(
    timeline_id: str,
    title: str,
    timezone: str,
    updated: pendulum.Date,
    clause: Clause,
    notice: pendulum.Date,
) -> bytes:
    """A new timeline for a withdrawal under a clause of the library: the notice, the effective
    date the clause gives, and the notice period between them (`tracker new --clause`).
    `updated` is the day it is made, not the notice's: a notice long past is not unconfirmed."""
    text = _CLAUSE_STARTER.format(
        header=_header(timeline_id, title, timezone, updated),
        citation=clause.citation(),
        depositary=clause.depositary,
        clause_id=clause.id,
        notice=notice.isoformat(),
        id=timeline_id,
    )
    return (schema_line() + text).encode("utf-8")


def bundled_copy(bundled_id: str, new_id: str | None = None) -> bytes:
    """A bundled timeline's file, with its id changed to `new_id` when given (all else kept)."""
    if bundled_id not in bundled_ids():
        raise TimelineNotFound(bundled_id)
    data = catalog_folder().joinpath(f"{bundled_id}.toml").read_bytes()
    if new_id is None or new_id == bundled_id:
        return data
    return set_timeline_id(data.decode("utf-8"), new_id).encode("utf-8")
