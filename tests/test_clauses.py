"""The clause library: every clause reads, is sourced, and gives the depositaries' own dates; the
what-if command prints them with their articles, deferrals, waiting periods and sunsets."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pendulum
import pytest

from events.clauses import compared, derive, example_differences, notice_too_early
from events.dates import day
from events.rules import parse_expression
from tracker.cli.group import cli
from tracker.files.clauses import find_clause, library

from .helpers import data_file

# Every real case in the library, one test each, so a failure names the clause and the party.
EXAMPLES = [
    pytest.param(clause, example, id=f"{clause.id}:{example.party}:{example.notice.label}")
    for clause in library().values()
    for example in clause.examples
]

# Clauses with no real case to compare, worked by hand from the text: a hypothetical notice of
# 2026-01-05 (a Monday), marked as such, never a claim about a real event.
HYPOTHETICAL = [
    ("new-start-14", "2026-04-05"),  # three months after notice
    ("npt-10", "2026-04-05"),  # three months (both DPRK notices carry a deferral)
    ("teu-50", "2028-01-05"),  # two years unless extended (the UK's was, three times)
    ("nato-13", "2027-01-05"),  # one year after notice to the U.S. (allowed since 1969-08-24)
    (
        "cwc-16",
        "2026-04-05",
    ),  # 90 days: 26 left in January, 28 in February, 31 in March, 5 in April
    ("bwc-13", "2026-04-05"),  # three months
    ("ctbt-9", "2026-07-05"),  # six months
    ("ccm-20", "2026-07-05"),  # six months (Lithuania's 2024 notice day is not on record here)
    ("wto-15", "2026-07-05"),  # six months after the Director-General receives it
    ("ecowas-91", "2027-01-05"),  # one year's notice
    ("refugee-44", "2027-01-05"),  # one year
    ("tpnw-17", "2027-01-05"),  # twelve months, unless in an armed conflict
    ("unfccc-25", "2027-01-05"),  # one year after the depositary receives it
    ("outer-space-16", "2027-01-05"),  # one year
    ("att-24", "2026-04-05"),  # 90 days
    ("unclos-317", "2027-01-05"),  # one year
    ("chicago-95", "2027-01-05"),  # one year from receipt
    ("cbd-38", "2027-01-05"),  # one year
    ("crc-52", "2027-01-05"),  # one year
    ("cat-31", "2027-01-05"),  # one year
    ("icerd-21", "2027-01-05"),  # one year
    ("sua-19", "2027-01-05"),  # one year
    ("bunker-15", "2027-01-05"),  # one year after deposit
    ("intervention-12", "2027-01-05"),  # one year after deposit
    ("unido-6", "2027-12-31"),  # the last day of the fiscal (calendar) year after the deposit
    ("pact-bogota-56", "2027-01-05"),  # one year's notice
    ("rio-treaty-25", "2028-01-05"),  # two years after the General Secretariat receives it
    ("fao-19", "2027-01-05"),  # one year after its communication to the Director-General
    ("vienna-ozone-19", "2027-01-05"),  # one year after receipt
    ("montreal-19", "2027-01-05"),  # one year after receipt (the Vienna Convention's Art. 19)
    ("ny-convention-13", "2027-01-05"),  # one year after the Secretary-General receives it
    ("cites-24", "2027-01-05"),  # twelve months after the Swiss Government receives it
    ("uncac-70", "2027-01-05"),  # one year after the Secretary-General receives it
]
HYPOTHETICAL_NOTICE = "2026-01-05"

# Every treaty the bundled catalog follows, with the clause its timeline uses.
CATALOG_CLAUSES = {
    "inf": "inf-15",
    "abm": "abm-15",
    "open-skies": "open-skies-15",
    "new-start": "new-start-14",
    "cfe": "cfe-19",
    "npt-dprk": "npt-10",
    "paris": "paris-28",
    "who": "who-us-1948",
    "unesco": "unesco-2-6",
    "icsid": "icsid-71",
    "rome-statute": "rome-127",
    "kyoto": "kyoto-27",
    "echr-russia": "echr-58",
    "art50": "teu-50",
    "ottawa": "ottawa-20",
    "unfccc": "unfccc-25",
    "nicaragua": "ilo-1-5",
}


def effective(clause_id: str, notice: str) -> str:
    (item,) = [d for d in derive(find_clause(clause_id), parse(notice)) if d.date.id == "effective"]
    return item.value.label


def parse(text: str):
    when = pendulum.parse(text).date()
    return day(when.year, when.month, when.day)


@pytest.mark.parametrize(("clause", "example"), EXAMPLES)
def test_each_example_gives_the_depositarys_dates(clause, example):
    assert example_differences(clause, example) == ()


def test_a_wrong_rule_fails_its_examples():
    ect = find_clause("ect-47")
    (effective_date,) = [d for d in ect.dates if d.id == "effective"]
    one_day_short = replace(effective_date, date=parse_expression("notice + 1 year"))
    wrong = replace(
        ect, dates=tuple(one_day_short if d.id == "effective" else d for d in ect.dates)
    )
    assert example_differences(wrong, ect.examples[0]) == (
        "effective: the depositary gives 2025-04-27, the rule 2025-04-26",
    )


@pytest.mark.parametrize(("clause_id", "expected"), HYPOTHETICAL)
def test_each_clause_never_invoked_here_gives_the_date_worked_by_hand(clause_id, expected):
    assert effective(clause_id, HYPOTHETICAL_NOTICE) == expected


def test_every_clause_with_a_rule_has_a_compared_example_or_a_worked_notice():
    compared_ids = {c.id for c, e in (p.values for p in EXAMPLES) if compared(c, e)}
    tested = compared_ids | {c for c, _ in HYPOTHETICAL}
    with_rule = {c.id for c in library().values() if c.date("effective")}
    assert with_rule == tested
    assert compared_ids.isdisjoint(c for c, _ in HYPOTHETICAL)


def test_the_library_has_at_least_60_clauses():
    assert len(library()) == 62


def test_a_clause_without_a_rule_shows_its_example_without_computing_it(runner):
    shown = runner.invoke(cli, ["clause", "vccr-op"]).output
    assert (
        "  United States of America: notice 2005-03-07\n"
        "    shown, not computed: the clause has no rule\n"
        '    note: The day of the letter that said the United States "hereby withdraws"; the '
        "Protocol gives\n"
        "      no day on which a withdrawal takes effect.\n"
    ) in shown


def test_every_clause_has_examples_or_says_why_not():
    assert [c.id for c in library().values() if bool(c.examples) == bool(c.no_example)] == []
    assert sum(len(c.examples) for c in library().values()) >= 40
    assert [c.id for c in library().values() if not c.dates] == [
        "genocide-14",
        "vccr-op",
        "iccpr-none",
    ]


def test_the_library_covers_the_catalog_and_25_more_with_sources():
    clauses = library()
    assert set(CATALOG_CLAUSES.values()) <= set(clauses)
    assert len(set(clauses) - set(CATALOG_CLAUSES.values()) - {"vclt-56"}) >= 25
    assert [c.id for c in clauses.values() if not any(s.url for s in c.sources)] == []
    assert [c.id for c in clauses.values() if ":443" in str([s.url for s in c.sources])] == []


def test_a_notice_before_the_waiting_period_is_flagged():
    paris = find_clause("paris-28")
    early = derive(paris, day(2019, 11, 3), day(2016, 11, 4))
    assert notice_too_early(early, day(2019, 11, 3)).value.label == "2019-11-04"
    allowed = derive(paris, day(2019, 11, 4), day(2016, 11, 4))
    assert notice_too_early(allowed, day(2019, 11, 4)) is None


def test_a_clause_is_found_by_the_id_it_begins(runner):
    assert find_clause("ottawa").id == "ottawa-20"
    result = runner.invoke(cli, ["clause", "otawa"])
    assert result.exit_code == 2
    assert "unknown clause 'otawa'; did you mean 'ottawa-20'?" in result.output


def test_what_if_ottawa_shows_the_deferral(runner):
    """Art. 20(3): six months, or at the end of an armed conflict the State is then engaged in,
    a day nobody can know: open from the six months on, and counted only to them."""
    result = runner.invoke(
        cli, ["clause", "ottawa", "--notice", "2025-06-27", "--as-of", "2025-07-01"]
    )
    assert result.exit_code == 0
    assert result.output == (
        "Ottawa Convention Art. 20 [ottawa-20]: notice received 2025-06-27; as of 2025-07-01\n"
        "\n"
        "2025-06-27/2025-12-27  179 days left           Six-month notice period (Art. 20(3))\n"
        "2025-12-27             179 days left           "
        "Withdrawal takes effect (no armed conflict then) (Art. 20(3))\n"
        "2025-12-27/..          at least 179 days left  "
        "Withdrawal takes effect if then in an armed conflict: at its end (Art. 20(3))\n"
    )


def test_what_if_a_deferral_is_open_once_its_earliest_day_has_come(runner):
    args = ["clause", "ottawa", "--notice", "2025-06-27", "--as-of", "2026-11-30"]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0
    assert result.output.splitlines()[-1] == (
        "2025-12-27/..          open          "
        "Withdrawal takes effect if then in an armed conflict: at its end (Art. 20(3))"
    )
    document = json.loads(runner.invoke(cli, [*args, "--json"]).output)
    deferred = document["dates"][-1]
    assert (deferred["id"], deferred["date"], deferred["open"], deferred["days_until"]) == (
        "effective-in-conflict",
        "2025-12-27/..",
        True,
        -338,
    )


def test_what_if_paris_flags_a_notice_given_too_early(runner):
    args = ["clause", "paris-28", "--notice", "2019-11-03", "--in-force", "2016-11-04"]
    result = runner.invoke(cli, [*args, "--as-of", "2019-11-03"])
    assert result.exit_code == 0
    assert result.output == (
        "Paris Agreement Art. 28 [paris-28]: notice received 2019-11-03, in force for the party "
        "since 2016-11-04; as of 2019-11-03\n"
        "\n"
        "2019-11-03/2020-11-03  366 days left  One-year notice period (Art. 28(2))\n"
        "2019-11-04             1 day left     Earliest day a notice is allowed (Art. 28(1))\n"
        "2020-11-03             366 days left  Withdrawal takes effect (Art. 28(2))\n"
        "\n"
        "Notice given before it was allowed: not before 2019-11-04 (Art. 28(1)).\n"
    )


def test_what_if_energy_charter_counts_a_day_past_the_anniversary_and_shows_the_sunset(runner):
    args = ["clause", "ect", "--notice", "2014-12-31", "--in-force", "1998-04-16"]
    result = runner.invoke(cli, [*args, "--as-of", "2016-01-01"])
    assert result.output == (
        "Energy Charter Treaty Art. 47 [ect-47]: notice received 2014-12-31, in force for the party "
        "since 1998-04-16; as of 2016-01-01\n"
        "\n"
        "2003-04-16  4643 days ago   Earliest day a notice is allowed (Art. 47(1))\n"
        "2016-01-01  today           Withdrawal takes effect (Art. 47(2))\n"
        "2036-01-01  7305 days left  Protection of investments made before withdrawal ends (sunset) (Art. 47(3))\n"
    )
    uk = runner.invoke(cli, ["clause", "ect-47", "--notice", "2024-04-26", "--as-of", "2025-01-01"])
    assert (
        uk.output.splitlines()[2]
        == "2025-04-27          116 days left   Withdrawal takes effect (Art. 47(2))"
    )


def test_what_if_without_the_entry_into_force_says_what_is_missing(runner):
    result = runner.invoke(
        cli, ["clause", "kyoto", "--notice", "2011-12-15", "--as-of", "2011-12-15"]
    )
    assert result.output.splitlines()[2:] == [
        "2012-12-15          366 days left  Withdrawal takes effect (Art. 27(2))",
        "(needs --in-force)                 Earliest day a notice is allowed (Art. 27(1))",
    ]


def test_what_if_json(runner):
    args = ["clause", "paris", "--notice", "2019-11-04", "--in-force", "2016-11-04"]
    data = json.loads(runner.invoke(cli, [*args, "--as-of", "2019-11-04", "--json"]).output)
    assert (data["clause"]["id"], data["notice"], data["notice_allowed"]) == (
        "paris-28",
        "2019-11-04",
        True,
    )
    assert [(d["id"], d["date"], d["end"], d["days_until"]) for d in data["dates"]] == [
        ("earliest-notice", "2019-11-04", None, 0),
        ("notice-period", "2019-11-04", "2020-11-04", 366),
        ("effective", "2020-11-04", None, 366),
    ]


def test_a_clause_without_a_rule_says_why(runner):
    result = runner.invoke(
        cli, ["clause", "genocide", "--notice", "2025-06-27", "--as-of", "2025-06-27"]
    )
    assert result.exit_code == 0
    assert (
        "No rule: A denunciation takes effect at the end of the five-year period" in result.output
    )


def test_the_list_and_one_clause(runner):
    listing = runner.invoke(cli, ["clause"]).output.splitlines()
    assert len(listing) == len(library())
    assert listing[0].split()[:4] == ["inf-15", "Art.", "XV(2)", "notice"]
    shown = runner.invoke(cli, ["clause", "nato-13"]).output
    assert shown.startswith("nato-13: North Atlantic Treaty, 1949, Art. 13\n")
    assert "  earliest-notice  1949-08-24 + 20 years  (Art. 13)" in shown
    assert json.loads(runner.invoke(cli, ["clause", "nato-13", "--json"]).output)["depositary"] == (
        "the United States"
    )


def test_an_event_citing_a_clause_takes_its_date_from_the_library(runner):
    from events.resolve import resolve
    from tracker.files.load import load_timeline

    timeline = resolve(load_timeline(data_file("clause.toml")), pendulum.date(2025, 7, 1))
    effective = timeline["effective"]
    assert (effective.date.label, str(effective.expression)) == ("2025-12-27", "notice + 6 months")
    assert effective.event.rule == "Ottawa Convention Art. 20(3)"
    assert timeline["cited"].event.rule == "Rome Statute Art. 127(1)"


BAD_CLAUSES = """\
[timeline]
id = "bad-clause"
title = "Clauses cited wrongly"

[[event]]
id = "notice"
title = "Notice"
date = 2025-06-27

[[event]]
id = "typo"
title = "Unknown clause"
clause = "otawa-20"
notice = "notice"

[[event]]
id = "no-notice"
title = "A clause with neither date nor notice"
clause = "ottawa-20"

[[event]]
id = "both"
title = "A clause with both date and notice"
clause = "ottawa-20"
notice = "notice"
date = 2025-12-27

[[event]]
id = "no-rule"
title = "A clause whose rule needs more than a notice"
clause = "genocide-14"
notice = "notice"
"""


def test_check_names_each_wrongly_cited_clause(runner, tmp_path):
    path = str(tmp_path / "bad-clause.toml")
    (tmp_path / "bad-clause.toml").write_text(BAD_CLAUSES, encoding="utf-8")
    result = runner.invoke(cli, ["check", path])
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{path}: event 'typo', field 'clause': unknown clause 'otawa-20'; did you mean "
        "'ottawa-20'? (tracker clause lists them)",
        f"{path}: event 'no-notice', field 'notice': a clause without a date needs notice = EVENT "
        "(the notice it counts from)",
        f"{path}: event 'both', field 'notice': give either date or notice with a clause, not both",
        f"{path}: event 'no-rule', field 'clause': clause 'genocide-14' has no effective date "
        "computed from the notice alone; write the date as a rule instead",
    ]


def test_check_reports_a_notice_given_before_it_was_allowed(runner):
    path = data_file("early-notice.toml")
    result = runner.invoke(cli, ["check", path, "--as-of", "2019-11-03"])
    assert result.exit_code == 1
    assert result.output == (
        f"{path}: event 'notice', field 'not_before': given 2019-11-03, before it was allowed: "
        "not before 2019-11-04\n"
    )
    assert runner.invoke(cli, ["check", "-t", "paris", "--as-of", "2026-11-30"]).exit_code == 0


def test_each_clause_is_read_alone_as_the_whole_library_reads_it():
    from tracker.files.clauses import _blocks

    assert list(_blocks()) == list(library())
    assert all(find_clause(cid) == clause for cid, clause in library().items())


def test_the_default_timeline_never_loads_the_library_on_the_until_path():
    """inf writes its rule out (its U.S. example holds it equal to inf-15), so the default
    `tracker until` pays nothing for the library; a timeline citing a clause reads one block."""
    code = (
        "import sys\n"
        "from tracker.cli.group import main\n"
        "sys.argv = ['tracker', 'until', 'withdrawal-effective', '-q', '--as-of', '2019-01-17']\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print('tracker.files.clauses' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["197", "False"]


def test_the_list_as_json_and_completion_of_ids(runner):
    data = json.loads(runner.invoke(cli, ["clause", "--json"]).output)
    assert [c["id"] for c in data["clauses"]] == list(library())
    env = {
        "_TRACKER_COMPLETE": "bash_complete",
        "COMP_WORDS": "tracker clause ott",
        "COMP_CWORD": "2",
    }
    result = runner.invoke(cli, [], prog_name="tracker", env=env)
    assert result.output.splitlines() == ["plain,ottawa-20"]


def test_one_clause_shows_its_examples_and_which_sources_are_secondary(runner):
    shown = runner.invoke(cli, ["clause", "ect-47"]).output.splitlines()
    start = shown.index("Examples (the depositary's dates; the rule gives the same unless marked):")
    assert shown[start + 1 : start + 4] == [
        "  United Kingdom: notice 2024-04-26, effective 2025-04-27",
        "    source: Energy Charter Secretariat: Written notification of withdrawal from the Energy "
        "Charter Treaty (UK; depositary Portugal confirms; takes effect 27 April 2025) "
        "<https://www.energycharter.org/media/news/article/written-notification-of-withdrawal-from-"
        "the-energy-charter-treaty-4/>",
        "    source: Kluwer Arbitration Blog: Brexit 2.0 - The United Kingdom Leaves the Energy "
        "Charter Treaty (receipt by Portugal on 26 April 2024) <https://arbitrationblog."
        "kluwerarbitration.com/2024/06/16/brexit-2-0-the-united-kingdom-leaves-the-energy-charter-"
        "treaty> (secondary)",
    ]
    assert (
        shown[start + 4] == "  Italy: notice 2014-12-31, in force 1998-04-16, effective 2016-01-01"
    )


def test_an_example_a_revocation_changed_is_shown_not_computed(runner):
    shown = runner.invoke(cli, ["clause", "rome-127"]).output
    assert (
        "  Gambia: notice 2016-11-10\n"
        "    shown, not computed: Revoked: on 10 February 2017 the Gambia's Permanent Mission "
        "delivered to\n"
        "      the SG notification of rescission of its withdrawal; it never took effect (rule "
        "would have\n"
    ) in shown


def test_a_clause_with_no_case_says_so(runner):
    shown = runner.invoke(cli, ["clause", "nato-13"]).output
    assert (
        "Examples (the depositary's dates; the rule gives the same unless marked):\n"
        "  None: No withdrawal under Art. 13 has taken effect (France left only the integrated "
        "military\n"
        "    command in 1966).\n"
    ) in shown
    document = json.loads(runner.invoke(cli, ["clause", "nato-13", "--json"]).output)
    assert (document["examples"], document["no_example"][:30]) == (
        [],
        "No withdrawal under Art. 13 ha",
    )


def test_the_examples_as_json(runner):
    document = json.loads(runner.invoke(cli, ["clause", "ect-47", "--json"]).output)
    assert document["no_example"] is None
    italy = document["examples"][1]
    assert {k: v for k, v in italy.items() if k != "sources"} == {
        "party": "Italy",
        "notice": "2014-12-31",
        "in_force": "1998-04-16",
        "dates": {"effective": "2016-01-01"},
        "compared": True,
        "differences": [],
        "deferred": None,
        "note": None,
    }
    assert [s["secondary"] for s in italy["sources"]] == [False, True]
