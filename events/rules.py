"""The date-expression language: `"withdrawal-notice + 6 months"` parsed to a small AST, evaluated.

Grammar (docs/timeline-format.md)::

    expr   := term (("+" | "-") offset)*
    term   := DATE | EVENT_ID | EVENT_ID ".end" | FUNC "(" expr ("," expr)* ")"
    offset := INTEGER UNIT

Event ids contain hyphens, so a minus sign is an operator only when it stands alone between spaces.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import pendulum

from events.dates import DateError, DateValue, Offset, Unit, is_literal, parse_date_value
from events.ids import SLUG as SLUG  # the pattern lives in events.ids; read from here too
from events.problems import shown


@dataclass(frozen=True, slots=True)
class Function:
    """One function of the rule language: its name, how many dates it takes (`None`: one or
    more), and what it does to them. The parser, the evaluator and the date arithmetic all read
    this one table, so adding a function is one row, never a name decoded in three places."""

    name: str
    arity: int | None
    apply: Callable[[list[DateValue]], DateValue]


def _whole_days(name: str, step: Callable[[pendulum.Date], pendulum.Date]) -> Function:
    """A function of one date that moves each of its days (`end_of_month`, ...)."""
    return Function(name, 1, lambda values: values[0].map_days(step, name))


def _open_from(values: list[DateValue]) -> DateValue:
    """Not before this day, and not decided: a deferral to a day nobody can know yet."""
    return replace(values[0].as_days(), open=True)


FUNCTIONS: dict[str, Function] = {
    function.name: function
    for function in (
        Function("earliest", None, lambda values: _pick(values, latest=False)),
        Function("latest", None, lambda values: _pick(values, latest=True)),
        _whole_days("end_of_month", lambda d: d.end_of("month")),
        _whole_days("end_of_year", lambda d: d.end_of("year")),
        _whole_days("start_of_month", lambda d: d.start_of("month")),
        _whole_days("start_of_year", lambda d: d.start_of("year")),
        Function("open_from", 1, _open_from),
    )
}

_NUMBER = re.compile(r"^[0-9]{1,7}$")  # ASCII digits; seven reach past the calendar's end
_TOKEN = re.compile(r"\s*(?:([(),+])|([^\s(),+]+))")
_UNITS: dict[str, Unit] = {
    "day": "days",
    "days": "days",
    "week": "weeks",
    "weeks": "weeks",
    "month": "months",
    "months": "months",
    "year": "years",
    "years": "years",
}


class ExpressionError(ValueError):
    """A date expression that does not parse; `position` is the 0-based column of the bad token."""

    def __init__(self, message: str, text: str, position: int) -> None:
        super().__init__(f"{message} at column {position + 1} of {shown(text)}")
        self.text = text
        self.position = position


@dataclass(frozen=True, slots=True)
class Literal:
    value: DateValue


@dataclass(frozen=True, slots=True)
class Ref:
    """A reference to another event's date, or to its end (`id.end`)."""

    event_id: str
    end: bool = False

    def __str__(self) -> str:
        return f"{self.event_id}.end" if self.end else self.event_id


@dataclass(frozen=True, slots=True)
class Call:
    function: str
    args: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Shift:
    """Offsets applied left to right, each one clamped; kept flat so a long chain of offsets
    evaluates without recursion."""

    base: Node
    offsets: tuple[Offset, ...]


Node = Literal | Ref | Call | Shift


@dataclass(frozen=True, slots=True)
class Expression:
    """A rule as written and as parsed; the text is kept because users read it in `explain`."""

    text: str
    node: Node

    def __str__(self) -> str:
        return self.text

    @property
    def references(self) -> tuple[Ref, ...]:
        """Every event this rule reads, in the order written, without repeats."""
        return tuple(dict.fromkeys(_walk_refs(self.node)))


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    position: int


def parse_expression(text: str) -> Expression:
    """Parse a rule, pointing at the offending token when it does not parse.

    >>> parse_expression("ultimatum + 60 days").node
    Shift(base=Ref(event_id='ultimatum', end=False), offsets=(Offset(amount=60, unit='days'),))
    """
    parser = _Parser(text)
    node = parser.expression()
    parser.expect_end()
    return Expression(text.strip(), node)


def parse_offset(text: str) -> Offset:
    """A period such as a reminder's "30 days" (always positive).

    >>> parse_offset("1 week")
    Offset(amount=1, unit='weeks')
    """
    parser = _Parser(text)
    offset = parser.offset(1)
    parser.expect_end()
    return offset


def parse_date_spec(text: str, default_zone: str = "UTC") -> DateValue | Expression:
    """A `date` or `end` string: a date written outright, else a rule.

    >>> parse_date_spec("2018-10").label
    '2018-10'
    >>> str(parse_date_spec("ultimatum + 60 days"))
    'ultimatum + 60 days'
    """
    if is_literal(text):
        return parse_date_value(text, default_zone)
    return parse_expression(text)


def evaluate(node: Node, lookup: Callable[[Ref], DateValue]) -> DateValue:
    """Compute a rule's date; `lookup` gives the resolved date of each referenced event.

    >>> from events.dates import day
    >>> evaluate(parse_expression("x + 6 months").node, lambda ref: day(2019, 8, 31)).label
    '2020-02-29'
    """
    match node:
        case Literal(value):
            return value
        case Ref():
            return lookup(node)
        case Shift(base, offsets):
            value = evaluate(base, lookup)
            for offset in offsets:
                value = value.add(offset)
            return value
        case Call(function, args):
            return FUNCTIONS[function].apply([evaluate(arg, lookup) for arg in args])
    raise TypeError(f"not an expression node: {node!r}")


def _pick(values: list[DateValue], *, latest: bool) -> DateValue:
    """earliest/latest of vague dates: the bound of each end, so the result stays honest.

    An open date reaches past any day, so `latest` of anything open is open (a withdrawal that
    waits for the end of a conflict), while `earliest` is open only when every date is: the
    earliest of a decided date and an open one is at the latest the decided one.
    """
    choose = max if latest else min
    approximate = any(v.approximate for v in values)
    instants = [v.instant for v in values if v.instant is not None]
    if len(instants) == len(values):
        chosen = values[instants.index(choose(instants))]
        return replace(chosen, approximate=approximate)
    days = [v.as_days() for v in values]
    is_open = any(v.open for v in days) if latest else all(v.open for v in days)
    latest_ends = [v.latest for v in days if is_open or not v.open]
    return DateValue(
        choose(v.earliest for v in days), choose(latest_ends), approximate, None, is_open
    )


def _walk_refs(node: Node) -> Iterator[Ref]:
    stack = [node]
    while stack:
        current = stack.pop()
        match current:
            case Ref():
                yield current
            case Shift(base, _):
                stack.append(base)
            case Call(_, args):
                stack.extend(reversed(args))


def _not_a_number(text: str) -> str:
    """Why an offset's amount is refused: not a number, not written in 0-9, or too large."""
    if text.isascii() and text.isdigit():
        return f"{shown(text, 12)} is too large for an offset (at most 7 digits)"
    if text.isdigit() or text.isdecimal():
        return f"expected a number written with the digits 0-9, not {shown(text)}"
    return f"expected a number, not {shown(text)}"


MAX_NESTING = 32
_GLUED_MINUS = re.compile(r"([a-z0-9][a-z0-9-]*?)-([0-9]+)")  # `notice-6`, before a unit


class _Parser:
    """A recursive-descent parser. Rules are short; nesting is capped at MAX_NESTING so that a
    pathological rule is an error message, never a RecursionError."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = list(self._tokenize(text))
        self.index = 0
        self.depth = 0

    def _tokenize(self, text: str) -> Iterator[_Token]:
        position = 0
        while position < len(text):
            match = _TOKEN.match(text, position)
            if match is None or match.end() == position:
                break  # only trailing white space is left
            start = match.start(1) if match[1] else match.start(2)
            yield _Token(match[1] or match[2], start)
            position = match.end()

    def fail(self, message: str, token: _Token | None = None) -> ExpressionError:
        where = token.position if token else len(self.text.rstrip())
        return ExpressionError(message, self.text, where)

    def peek(self) -> _Token | None:
        return self.tokens[self.index] if self.index < len(self.tokens) else None

    def take(self, expected: str) -> _Token:
        token = self.peek()
        if token is None:
            raise self.fail(f"expected {expected} but the rule ends")
        self.index += 1
        return token

    def expect_end(self) -> None:
        if (token := self.peek()) is not None:
            hint = " (put spaces around + and -)" if token.text[0] in "+-" else ""
            raise self.fail(
                self._glued_minus(token) or f"unexpected {shown(token.text)}{hint}", token
            )

    def _glued_minus(self, token: _Token) -> str | None:
        """`notice-6 months`: an id may hold `-6`, so the tokenizer read the id `notice-6` and
        then a stray unit; say how to write the subtraction meant (`+` needs no spaces, as `+`
        is never part of an id)."""
        before = self.tokens[self.index - 1].text if self.index else ""
        glued = _GLUED_MINUS.fullmatch(before)
        if glued is None or (token.text not in _UNITS and token.text != "business"):
            return None
        unit = "business days" if token.text == "business" else token.text
        written = f"{glued[1]} - {glued[2]} {unit}"
        return f"put spaces around -: {written}"

    def expression(self) -> Node:
        node = self.term()
        offsets = []
        while (token := self.peek()) is not None and token.text in ("+", "-"):
            self.index += 1
            offsets.append(self.offset(-1 if token.text == "-" else 1))
        return Shift(node, tuple(offsets)) if offsets else node

    def term(self) -> Node:
        token = self.take("an event id, a date or a function")
        word = token.text
        following = self.peek()
        if following is not None and following.text == "(":
            return self.call(token)
        if word in "(),+-":
            raise self.fail(f"expected an event id, a date or a function, not {shown(word)}", token)
        if is_literal(word) or word.endswith(".."):  # "..": an open date missing its day
            try:
                return Literal(parse_date_value(word))
            except DateError as exc:
                raise self.fail(str(exc), token) from exc
        event_id, dot, attribute = word.partition(".")
        if dot and attribute != "end":
            raise self.fail(f"unknown attribute {shown('.' + attribute)} (only .end exists)", token)
        if not SLUG.match(event_id):
            raise self.fail(f"{shown(word)} is not an event id, a date or a function", token)
        return Ref(event_id, bool(dot))

    def call(self, name: _Token) -> Node:
        if name.text not in FUNCTIONS:
            known = ", ".join(FUNCTIONS)
            raise self.fail(f"unknown function {shown(name.text)} (known: {known})", name)
        self.index += 1  # the "("
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.fail(f"functions nested more than {MAX_NESTING} deep", name)
        args = [self.expression()]
        while (token := self.take("',' or ')'")).text == ",":
            args.append(self.expression())
        self.depth -= 1
        if token.text != ")":
            raise self.fail(f"expected ',' or ')', not {shown(token.text)}", token)
        arity = FUNCTIONS[name.text].arity
        if arity is not None and len(args) != arity:
            raise self.fail(f"{name.text}() takes one date, not {len(args)}", name)
        return Call(name.text, tuple(args))

    def offset(self, sign: int) -> Offset:
        amount = self.take("a number")
        if not _NUMBER.match(amount.text):
            raise self.fail(_not_a_number(amount.text), amount)
        unit_token = self.take("a unit (days, weeks, months, years, business days)")
        unit_word = unit_token.text
        if unit_word == "business":
            unit_token = self.take("'days' after 'business'")
            if unit_token.text not in ("day", "days"):
                raise self.fail(
                    f"expected 'days' after 'business', not {shown(unit_token.text)}", unit_token
                )
            return Offset(sign * int(amount.text), "business days")
        if unit_word not in _UNITS:
            raise self.fail(
                "expected a unit (days, weeks, months, years, business days), "
                f"not {shown(unit_word)}",
                unit_token,
            )
        return Offset(sign * int(amount.text), _UNITS[unit_word])
