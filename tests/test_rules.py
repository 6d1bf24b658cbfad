"""The expression language: every form parsed and evaluated to exact dates; errors point at the token."""

from __future__ import annotations

import pytest

from events.dates import DateValue, day, parse_date_value
from events.rules import (
    FUNCTIONS,
    ExpressionError,
    Ref,
    evaluate,
    parse_date_spec,
    parse_expression,
)

VALUES = {
    "ultimatum": day(2018, 12, 4),
    "notice": day(2017, 10, 12),
    "in-force": day(2016, 11, 4),
    "late": day(2019, 11, 4),
    "window": day(2019, 2, 2),
    "window.end": day(2019, 8, 2),
    "vague": parse_date_value("2018-10"),
}


def value_of(text: str) -> DateValue:
    return evaluate(parse_expression(text).node, lambda ref: VALUES[str(ref)])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ultimatum + 60 days", "2019-02-02"),
        ("ultimatum", "2018-12-04"),
        ("ultimatum - 1 week", "2018-11-27"),
        ("ultimatum + 1 year - 1 day", "2019-12-03"),
        ("window.end", "2019-08-02"),
        ("window.end + 1 business day", "2019-08-05"),
        ("end_of_year(notice + 1 year)", "2018-12-31"),
        ("start_of_year(notice)", "2017-01-01"),
        ("end_of_month(vague)", "2018-10-31"),
        ("start_of_month(ultimatum + 1 month)", "2019-01-01"),
        ("latest(in-force + 3 years, late)", "2019-11-04"),
        ("earliest(in-force + 3 years, late)", "2019-11-04"),
        ("earliest(ultimatum, notice, late)", "2017-10-12"),
        ("2019-08-31 + 6 months", "2020-02-29"),
        ("2018-10 + 6 months", "2019-04"),
        ("vague + 60 days", "2018-11-30/2018-12-30"),
        ("latest(vague, 2018-10-15)", "2018-10-15/2018-10-31"),
    ],
)
def test_every_form_evaluates_to_its_date(text, expected):
    assert value_of(text).label == expected


# One worked example per function of the language. A row added to `events.rules.FUNCTIONS`
# without an example here fails the test below, so no function ships untried.
FUNCTION_EXAMPLES = {
    "earliest": ("earliest(ultimatum, notice)", "2017-10-12"),
    "latest": ("latest(ultimatum, notice)", "2018-12-04"),
    "end_of_month": ("end_of_month(ultimatum)", "2018-12-31"),
    "end_of_year": ("end_of_year(ultimatum)", "2018-12-31"),
    "start_of_month": ("start_of_month(ultimatum)", "2018-12-01"),
    "start_of_year": ("start_of_year(ultimatum)", "2018-01-01"),
    "open_from": ("open_from(ultimatum + 6 months)", "2019-06-04/.."),
}


def test_every_function_in_the_table_has_a_worked_example():
    assert sorted(FUNCTION_EXAMPLES) == sorted(FUNCTIONS)


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_each_function_of_the_table_computes_its_example(name):
    text, expected = FUNCTION_EXAMPLES[name]
    assert value_of(text).label == expected


@pytest.mark.parametrize("name", [n for n, f in sorted(FUNCTIONS.items()) if f.arity == 1])
def test_a_one_date_function_refuses_two(name):
    with pytest.raises(ExpressionError, match=rf"^{name}\(\) takes one date, not 2 at column 1"):
        parse_expression(f"{name}(ultimatum, notice)")


def test_references_are_listed_once_in_order():
    expression = parse_expression("latest(a + 1 day, b.end, a)")
    assert expression.references == (Ref("a"), Ref("b", end=True))


def test_ids_with_hyphens_are_not_subtraction():
    assert parse_expression("withdrawal-notice - 2 days").references == (Ref("withdrawal-notice"),)


@pytest.mark.parametrize(
    ("text", "message", "column"),
    [
        (
            "ultimatum + 60 dayz",
            "expected a unit (days, weeks, months, years, business days), not 'dayz'",
            16,
        ),
        ("ultimatum + sixty days", "expected a number, not 'sixty'", 13),
        ("ultimatum +", "expected a number but the rule ends", 12),
        ("ultimatum 60 days", "unexpected '60'", 11),
        ("ultimatum -60 days", "unexpected '-60' (put spaces around + and -)", 11),
        ("soon(ultimatum)", "unknown function 'soon'", 1),
        ("end_of_year(a, b)", "end_of_year() takes one date, not 2", 1),
        ("latest(a b)", "expected ',' or ')', not 'b'", 10),
        ("Ultimatum", "'Ultimatum' is not an event id, a date or a function", 1),
        ("a.start", "unknown attribute '.start' (only .end exists)", 1),
        ("a + 1 business week", "expected 'days' after 'business', not 'week'", 16),
        ("notice-6 months", "put spaces around -: notice - 6 months", 10),
        (
            "withdrawal-notice-10 business days",
            "put spaces around -: withdrawal-notice - 10 business days",
            22,
        ),
    ],
)
def test_syntax_errors_point_at_the_token(text, message, column):
    with pytest.raises(ExpressionError) as raised:
        parse_expression(text)
    assert str(raised.value).startswith(message)
    assert str(raised.value).endswith(f"at column {column} of {text!r}")


def test_a_spec_is_a_literal_or_a_rule():
    assert parse_date_spec("2018-10") == parse_date_value("2018-10")
    assert str(parse_date_spec("ultimatum + 60 days")) == "ultimatum + 60 days"


def test_pathological_nesting_is_an_error_not_a_crash():
    text = "latest(" * 5000 + "a" + ")" * 5000
    with pytest.raises(ExpressionError, match="functions nested more than 32 deep at column 225"):
        parse_expression(text)


def test_a_long_chain_of_offsets_evaluates_without_recursion():
    text = "ultimatum" + " + 1 day" * 20000
    assert value_of(text).label == "2073-09-06"


def test_a_plus_needs_no_spaces():
    glued = parse_expression("notice+6 months")
    assert (glued.references, glued.node) == (
        (Ref("notice"),),
        parse_expression("notice + 6 months").node,
    )
