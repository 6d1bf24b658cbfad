"""Typed access to the fields of one table of a timeline file, for the loader.

A wrong type, an empty text, a control character or a bad date becomes a problem (naming the
event and the field) and reads as None, so the loader goes on and reports everything at once.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, Protocol, TypeVar

import pendulum

from events.dates import DateError, DateValue, from_python
from events.ids import id_problem, shown_id
from events.model import DateSpec
from events.problems import did_you_mean, nearest
from events.rules import ExpressionError, parse_date_spec

# What a terminal acts on instead of printing, and iCalendar TEXT may not carry: C0 and C1 control
# characters and every line break Python's splitlines() knows. A description may break lines
# with \n (and indent with a tab); every other field is one line.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_MULTILINE_ALLOWED = "\n\t"
_Choice = TypeVar("_Choice", bound=str)  # one of a Literal's values: a kind, a status


class ProblemSink(Protocol):
    """Where a table's problems go, and the zone its local times are read in: the loader."""

    zone: str

    def problem(
        self, message: str, event_id: str | None = None, field: str | None = None
    ) -> None: ...


class Fields:
    """Typed access to one table's fields; a wrong type becomes a problem and reads as None."""

    def __init__(self, reader: ProblemSink, event_id: str | None, raw: dict[str, Any], prefix: str):
        self.reader, self.event_id, self.raw, self.prefix = reader, event_id, raw, prefix

    def _fail(self, name: str, message: str) -> None:
        self.reader.problem(message, self.event_id, f"{self.prefix}{name}")

    def has_any(self, names: tuple[str, ...]) -> bool:
        return any(name in self.raw for name in names)

    def _get(self, name: str, required: bool, kind: type | tuple[type, ...], what: str) -> Any:
        if name not in self.raw:
            if required:
                self._fail(name, "missing (required)")
            return None
        value = self.raw[name]
        if not isinstance(value, kind):
            self._fail(name, f"must be {what}, not {_describe(value)}")
            return None
        return value

    def text(self, name: str, required: bool = False, multiline: bool = False) -> str | None:
        value: str | None = self._get(name, required, str, "a string")
        if value is not None and not value.strip():
            self._fail(name, "must not be empty")
            return None
        allowed = _MULTILINE_ALLOWED if multiline else ""
        bad = next((c for c in _CONTROL.findall(value or "") if c not in allowed), None)
        if bad is not None:
            self._fail(name, _control_message(bad, name, multiline))
            return None
        return value

    def flag(self, name: str) -> bool | None:
        value: bool | None = self._get(name, False, bool, "true or false")
        return value

    def slug(self, name: str) -> str | None:
        value = self.text(name, required=True)
        problem = None if value is None else id_problem(value)
        if value is not None and problem is not None:
            self._fail(name, f"{shown_id(value)} is not an id: {problem}")
            return None
        return value

    def slug_or_none(self, name: str) -> str | None:
        return self.slug(name) if name in self.raw else None

    def choice(self, name: str, allowed: tuple[_Choice, ...]) -> _Choice | None:
        value = self.text(name)
        if value is None:
            return None
        for option in allowed:
            if value == option:
                return option  # the allowed value itself, so typed as one of the Literal's
        hint = did_you_mean(nearest(value, allowed))
        self._fail(name, f"{value!r} is not one of {', '.join(allowed)}{hint}")
        return None

    def day(self, name: str, required: bool = False) -> pendulum.Date | None:
        value = self._get(name, required, dt.date, "a date like 2019-02-02")
        if isinstance(value, dt.datetime):
            self._fail(name, "must be a day (2019-02-02), not a date and time")
            return None
        return None if value is None else pendulum.date(value.year, value.month, value.day)

    def date_spec(self, name: str, required: bool = False) -> DateSpec | None:
        value = self._get(name, required, (str, dt.date), "a date or a rule")
        if value is None:
            return None
        try:
            if isinstance(value, str):
                return parse_date_spec(value, self.reader.zone)
            return _from_toml(value, self.reader.zone)
        except (DateError, ExpressionError) as exc:
            self._fail(name, str(exc))
            return None

    def list_of(self, name: str, kind: type) -> list[Any]:
        nouns: dict[type, str] = {dict: "table", str: "string"}  # TOML's words, not Python's
        noun = nouns.get(kind, kind.__name__)
        values = self._get(name, False, list, f"a list of {noun}s") or []
        good = [v for v in values if isinstance(v, kind)]
        if len(good) != len(values):
            self._fail(name, f"every item must be a {noun}")
        texts = [v for v in good if isinstance(v, str)]
        if kind is str and (bad := next((c for v in texts for c in _CONTROL.findall(v)), None)):
            # items are one line of text like a title (a tag is a feed's CATEGORIES value)
            self._fail(name, _control_message(bad, f"each item of {name}", multiline=False))
            return []
        return good

    def tables(self, name: str) -> list[dict[str, Any]]:
        return self.list_of(name, dict)


def _control_message(char: str, name: str, multiline: bool) -> str:
    """Why a character is refused: a line break where it may not be, or a control character."""
    code = f"U+{ord(char):04X}"
    if char not in _BREAKS:
        return f"contains the control character {code}"
    if multiline:
        return f"contains a line break ({code}); break lines in {name} with \\n only"
    return f"contains a line break ({code}); {name} is one line"


def _from_toml(value: dt.date, zone: str) -> DateValue:
    try:
        return from_python(value, zone)
    except (ValueError, OverflowError) as exc:
        raise DateError(str(exc)) from exc


def _describe(value: object) -> str:
    names: dict[type, str] = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
        dt.date: "a date",
    }
    return names.get(type(value), f"{type(value).__name__} {value!r}")
