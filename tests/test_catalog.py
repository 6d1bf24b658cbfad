"""The bundled timelines: valid, sourced, and their key dates derived from the treaty clauses."""

from __future__ import annotations

import re

import pendulum
import pytest

from events.resolve import resolve
from tracker.files.load import bundled_ids, load_timeline
from tracker.queries import check

AS_OF = pendulum.date(2026, 11, 27)

# (timeline, event id, date it resolves to): each one must come from a rule, not be typed in.
KEY_DATES = [
    ("inf", "compliance-deadline", "2019-02-02"),
    ("inf", "withdrawal-notice", "2019-02-02"),
    ("inf", "withdrawal-effective", "2019-08-02"),
    ("abm", "withdrawal-effective", "2002-06-13"),
    ("open-skies", "us-withdrawal-effective", "2020-11-22"),
    ("open-skies", "russia-withdrawal-effective", "2021-12-18"),
    ("new-start", "expiry", "2026-02-05"),
    ("cfe", "suspension-effective", "2007-12-12"),
    ("cfe", "withdrawal-effective", "2023-11-07"),
    ("npt-dprk", "withdrawal-1993-effective", "1993-06-12/.."),  # its effect suspended 1993-06-11
    ("npt-dprk", "withdrawal-2003-effective", "2003-04-10"),
    ("paris", "earliest-notice", "2019-11-04"),
    ("paris", "us-withdrawal-2020", "2020-11-04"),
    ("paris", "us-rejoin-effective", "2021-02-19"),
    ("paris", "us-withdrawal-2026", "2026-01-27"),
    ("who", "us-withdrawal-2021", "2021-07-06"),
    ("who", "us-withdrawal-2026", "2026-01-22"),
    ("unesco", "us-withdrawal-1984", "1984-12-31"),
    ("unesco", "us-withdrawal-2018", "2018-12-31"),
    ("unesco", "us-withdrawal-2026", "2026-12-31"),
    ("icsid", "bolivia-effective", "2007-11-03"),
    ("icsid", "ecuador-effective", "2010-01-07"),
    ("icsid", "venezuela-effective", "2012-07-25"),
    ("rome-statute", "burundi-effective", "2017-10-27"),
    ("rome-statute", "philippines-effective", "2019-03-17"),
    ("rome-statute", "hungary-effective", "2026-06-02"),
    ("kyoto", "canada-effective", "2012-12-15"),
    ("echr-russia", "echr-cessation", "2022-09-16"),
    ("ottawa", "lithuania-effective", "2025-12-27"),
    ("ottawa", "latvia-effective", "2025-12-27"),
    ("ottawa", "estonia-effective", "2025-12-27"),
    ("ottawa", "finland-effective", "2026-01-10"),
    ("ottawa", "poland-effective", "2026-02-20"),
    ("who", "argentina-effective", "2026-03-17"),
    ("nicaragua", "unesco-effective", "2026-12-31"),
    # one year after the notice the UN Secretariat was reported to confirm (revision of 2026-03-06)
    ("unfccc", "effective", "2027-02-27"),
    ("rome-statute", "sahel-effective", "2026-09-22/.."),  # no notification recorded
]

# (timeline, event id, as-of day, date in force): dates that moved, on each side of a revision.
MOVED_DATES = [
    ("art50", "exit-day", "2019-03-21", "2019-03-29"),
    ("art50", "exit-day", "2019-03-22", "2019-04-12"),
    ("art50", "exit-day", "2019-04-11", "2019-10-31"),
    ("art50", "exit-day", "2019-11-01", "2020-01-31"),
    ("new-start", "expiry", "2021-02-02", "2021-02-05"),
    ("new-start", "expiry", "2021-02-03", "2026-02-05"),
    # facts that became known later: earlier as-of views stay as they were
    ("unfccc", "notice", "2026-03-05", "2026-01-07/.."),
    ("unfccc", "notice", "2026-03-06", "2026-02-27"),
    ("unfccc", "effective", "2026-03-05", "2027-01-07/.."),
    ("unfccc", "effective", "2026-03-06", "2027-02-27"),
    ("ottawa", "poland-notice", "2026-01-16", "2025-08-20"),
]

BUNDLED = {
    "abm",
    "art50",
    "cfe",
    "echr-russia",
    "icsid",
    "inf",
    "kyoto",
    "new-start",
    "nicaragua",
    "npt-dprk",
    "open-skies",
    "ottawa",
    "paris",
    "rome-statute",
    "unesco",
    "unfccc",
    "who",
}

REQUIRED_INF = {
    "inf-signed": "1987-12-08",
    "inf-in-force": "1988-06-01",
    "trump-announces-withdrawal": "2018-10-20",
    "ultimatum": "2018-12-04",
    "geneva-talks": "2019-01-15",
    "thompson-briefing": "2019-01-16",
    "compliance-deadline": "2019-02-02",
    "withdrawal-notice": "2019-02-02",
    "russia-suspends": "2019-02-02",
    "withdrawal-window": "2019-02-02",
    "withdrawal-effective": "2019-08-02",
}


@pytest.mark.parametrize("name", bundled_ids())
def test_every_bundled_timeline_passes_check(name):
    assert check(name, AS_OF).problems == []
    assert load_timeline(name).id == name


@pytest.mark.parametrize("name", bundled_ids())
def test_every_bundled_timeline_passes_check_as_of_its_own_updated_day(name, runner):
    from tracker.cli.group import cli

    updated = load_timeline(name).updated
    assert updated is not None
    result = runner.invoke(cli, ["check", "-t", name, "--as-of", updated.isoformat()])
    assert (result.exit_code, "warning" in result.output) == (0, False)


@pytest.mark.parametrize("name", bundled_ids())
def test_every_event_cites_a_source_with_a_url(name):
    unsourced = [e.id for e in load_timeline(name).events if not any(s.url for s in e.sources)]
    assert unsourced == []


# Hosts no one would cite in print: an explicit default port, a content system's back end, a
# staging copy, a fact-check aggregator.
UNCITABLE = re.compile(r"^https?://[^/]*(:443|:80)/|//[^/]*(cms\.|staging|truthorfake)")


@pytest.mark.parametrize("name", bundled_ids())
def test_every_source_is_one_you_would_cite_in_print(name):
    timeline = load_timeline(name)
    urls = [
        s.url
        for e in timeline.events
        for s in (*e.sources, *(s for r in e.revisions for s in r.sources))
        if s.url
    ]
    assert [url for url in urls if UNCITABLE.search(url)] == []


def test_every_clause_source_is_one_you_would_cite_in_print():
    from tracker.files.clauses import library

    urls = [s.url for clause in library().values() for s in clause.sources if s.url]
    assert len(urls) > 44
    assert [url for url in urls if UNCITABLE.search(url)] == []


@pytest.mark.parametrize(("name", "event_id", "expected"), KEY_DATES)
def test_key_dates_are_derived_from_the_clause(name, event_id, expected):
    event = resolve(load_timeline(name), AS_OF)[event_id]
    assert event.date.label == expected
    assert event.derived


@pytest.mark.parametrize(("name", "event_id", "as_of", "expected"), MOVED_DATES)
def test_moved_dates_follow_their_revisions(name, event_id, as_of, expected):
    event = resolve(load_timeline(name), pendulum.parse(as_of).date())[event_id]
    assert event.date.label == expected


def test_the_catalog_has_every_timeline_outside_checks_rely_on():
    assert set(bundled_ids()) == BUNDLED


def test_the_2021_retraction_is_recorded_once():
    who = load_timeline("who")
    assert [e.id for e in who.events if "retract" in e.title.lower()] == ["us-retraction-2021"]


def test_a_retracted_notice_is_cancelled():
    who = resolve(load_timeline("who"), AS_OF)
    assert who["us-withdrawal-2021"].status == "cancelled"
    assert (
        resolve(load_timeline("who"), pendulum.date(2021, 1, 19))["us-withdrawal-2021"].status
        == "projected"
    )


def test_the_deadlines_ahead_across_the_catalog_are_the_pending_withdrawals():
    from events.select import upcoming_deadlines
    from tracker.queries import Scope, open_timelines

    resolved, _ = open_timelines(Scope(tuple(bundled_ids()), AS_OF))
    ahead = [(t.timeline.id, e.id, e.span_label) for t, e in upcoming_deadlines(resolved)]
    assert ahead == [
        ("nicaragua", "unesco-effective", "2026-12-31"),
        ("unesco", "us-withdrawal-2026", "2026-12-31"),
        ("unfccc", "effective", "2027-02-27"),
        # not Ukraine (a suspension, no withdrawal) nor the Sahel States (no notification is
        # recorded, and the earliest day of its effect has passed): nothing to count to
    ]


def test_next_all_lists_no_deadline_that_rests_on_nothing_on_record(runner):
    from tracker.cli.group import cli

    result = runner.invoke(cli, ["next", "--all", "--as-of", "2026-12-06"], env={"COLUMNS": "120"})
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "Date          Days left  Timeline   Id                  Title",
        "─" * 103,
        "2026-12-31 *  25 days    nicaragua  unesco-effective    Nicaragua's withdrawal from UNESCO takes effect",
        "2026-12-31 *  25 days    unesco     us-withdrawal-2026  Third U.S. withdrawal takes effect",
        "2027-02-27 *  83 days    unfccc     effective           U.S. withdrawal from the UNFCCC takes effect",
        "",
        "* derived from a rule: `tracker explain ID` shows how",
    ]
    sahel = resolve(load_timeline("rome-statute"), pendulum.date(2026, 12, 6))["sahel-effective"]
    assert (sahel.status, sahel.recorded) == ("open", False)


@pytest.mark.parametrize(
    ("timeline", "event_id", "as_of", "span", "status", "objections"),
    [
        ("ottawa", "ukraine-suspension", "2025-10-16", "2025-07-18/..", "running", []),
        (
            "ottawa",
            "ukraine-suspension",
            "2026-12-06",
            "2025-07-18/..",
            "running",
            [("Switzerland", "2025-10-17")],
        ),
        (
            "cfe",
            "suspension-effective",
            "2008-01-01",
            "2007-12-12/..",
            "running",
            [("NATO Allies (North Atlantic Council)", "2007-12-12")],
        ),
        (
            "cfe",
            "suspension-effective",
            "2026-12-06",
            "2007-12-12/2023-11-07",
            "occurred",
            [("NATO Allies (North Atlantic Council)", "2007-12-12")],
        ),
        ("inf", "russia-suspension-decree", "2019-05-01", "2019-03-04/..", "running", []),
        ("inf", "russia-suspension-decree", "2026-12-06", "2019-03-04/2019-08-02", "occurred", []),
        ("new-start", "russia-suspension-law", "2023-03-14", "2023-02-28/..", "running", []),
        (
            "new-start",
            "russia-suspension-law",
            "2026-12-06",
            "2023-02-28/2026-02-05",
            "occurred",
            [("United States", "2023-03-15")],
        ),
    ],
)
def test_the_suspensions_in_the_catalog_are_spans_with_their_objections(
    timeline, event_id, as_of, span, status, objections
):
    event = resolve(load_timeline(timeline), pendulum.parse(as_of).date())[event_id]
    assert (event.event.kind, event.span_label, event.status) == ("suspension", span, status)
    assert [(o.party, o.on.isoformat()) for o in event.objections] == objections


def test_the_dprk_suspended_the_effect_of_its_1993_withdrawal_not_the_notice():
    """Due 1993-06-12; from 1993-06-11 open (it could come any day the suspension was lifted);
    superseded on 2003-01-10, when the DPRK claimed it the next day."""
    days = ["1993-06-10", "1993-06-11", "2002-12-31", "2003-01-10"]
    found = []
    for day in days:
        event = resolve(load_timeline("npt-dprk"), pendulum.parse(day).date())
        effective = event["withdrawal-1993-effective"]
        found.append((effective.date.label, effective.status))
    assert found == [
        ("1993-06-12", "projected"),
        ("1993-06-12/..", "projected"),
        ("1993-06-12/..", "open"),
        ("1993-06-12/..", "superseded"),
    ]
    (written,) = (
        e for e in load_timeline("npt-dprk").events if e.id == "withdrawal-1993-effective"
    )
    assert (written.status, written.revisions[0].reason[:16]) == (None, "Effect suspended")


def test_inf_has_the_ids_outside_checks_rely_on():
    resolved = resolve(load_timeline("inf"), AS_OF)
    assert {event_id: resolved[event_id].date.label for event_id in REQUIRED_INF} == REQUIRED_INF
    window = resolved["withdrawal-window"]
    assert (window.end.label, window.event.kind) == ("2019-08-02", "window")
    assert resolved["withdrawal-effective"].event.rule == "INF Art. XV(2)"
    assert resolved["compliance-deadline"].event.kind == "deadline"


def test_the_docs_give_each_timelines_last_checked_day():
    """docs/catalog.md's table of `updated` days says what the files say."""
    import re
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / "catalog.md").read_text(encoding="utf-8")
    table = text[text.index("**Last checked.**") : text.index("## Pending withdrawals")]
    shown = dict(re.findall(r"\| ([a-z0-9-]+) \| (\d{4}-\d{2}-\d{2}) ", table))
    assert shown == {name: load_timeline(name).updated.isoformat() for name in bundled_ids()}
