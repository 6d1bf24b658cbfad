"""The Jinja2 environment every HTML page is rendered with: templates shipped in the package,
autoescape always on (titles, descriptions and URLs come from timeline files anyone may write),
and a few helpers that turn the model's values into what a template shows.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

from events.dates import DateValue
from tracker.render.cells import status_cell


@cache
def environment() -> Environment:
    """One environment per process: Jinja2 compiles each template once and keeps it."""
    env = Environment(
        loader=PackageLoader("tracker.render.web", "templates"),
        autoescape=True,  # every page, whatever the file name ends in
        undefined=StrictUndefined,  # a misspelt name in a template fails the tests, not silently
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals["time_parts"] = time_parts
    env.globals["status_word"] = status_cell  # "suspended (contested)", as the tables say
    env.filters["plural"] = plural
    return env


def render(template: str, **context: Any) -> bytes:
    return environment().get_template(template).render(**context).encode("utf-8")


def time_parts(value: DateValue) -> list[tuple[str, str]]:
    """(datetime attribute, text) for each `<time>` a date is written as: one for a day, month,
    year or instant (all valid HTML datetime values); two for a range, which HTML has no form for.
    An open date is written as its lower bound, since HTML has no form for "on or after" either
    (and `2026-01-15/..` is no valid datetime): the words around it say it is open.

    >>> import pendulum
    >>> from events.dates import DateValue
    >>> time_parts(DateValue(pendulum.date(2018, 11, 30), pendulum.date(2018, 12, 30)))
    [('2018-11-30', '2018-11-30'), ('2018-12-30', '2018-12-30')]
    >>> from events.dates import parse_date_value
    >>> time_parts(parse_date_value("2026-01-15/.."))
    [('2026-01-15', '2026-01-15')]
    """
    value = value.lower_bound
    if value.precision == "range":
        return [(day.isoformat(), day.isoformat()) for day in (value.earliest, value.latest)]
    return [(value.label, value.label)]


def plural(count: int, unit: str) -> str:
    """`1 day`, `2 days`: counts in sentences read aloud by screen readers as well as seen.

    >>> plural(1, "day"), plural(-3, "day")
    ('1 day', '-3 days')
    """
    return f"{count} {unit}" if abs(count) == 1 else f"{count} {unit}s"
