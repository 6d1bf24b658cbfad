"""The clause library: every clause reads, is sourced, and gives the depositaries' own dates; the
what-if command prints them with their articles, deferrals, waiting periods and sunsets."""

from __future__ import annotations

import json
import subprocess
import sys

import pendulum
import pytest

from events.clauses import derive, notice_too_early
from events.dates import day
from tracker.cli.group import cli
from tracker.files.clauses import find_clause, library

from .helpers import data_file

# (clause, notice received, effective date on record): the depositary's or the parties' own dates.
REAL = [
    ("inf-15", "2019-02-02", "2019-08-02"),  # inf.toml: U.S. notice and effect (State Dept.)
    ("abm-15", "2001-12-13", "2002-06-13"),  # abm.toml: U.S. notice and effect
    ("open-skies-15", "2020-05-22", "2020-11-22"),  # open-skies.toml: State Dept. 2020-11-22
    ("cfe-19", "2023-06-09", "2023-11-07"),  # cfe.toml: Russian notice, NATO statement
    (
        "npt-10",
        "1993-03-12",
        "1993-06-12",
    ),  # npt-dprk.toml: the 1993 notice, suspended a day before
    ("paris-28", "2019-11-04", "2020-11-04"),  # UN SG note to correspondents, 4 November 2019
    ("paris-28", "2025-01-27", "2026-01-27"),  # UN spokesman, 28 January 2025 (NDTV/AFP)
    ("who-us-1948", "2025-01-22", "2026-01-22"),  # who.toml: U.S. notice and effect
    ("unesco-2-6", "1983-12-28", "1984-12-31"),  # unesco.toml: Shultz letter, M'Bow's reply
    ("unesco-2-6", "2025-05-04", "2026-12-31"),  # nicaragua.toml: UNESCO gave 31 December 2026
    ("icsid-71", "2007-05-02", "2007-11-03"),  # ICSID news release on Bolivia's notice
    ("icsid-71", "2009-07-06", "2010-01-07"),  # Ecuador Times: effective 7 January 2010
    ("rome-127", "2016-10-27", "2017-10-27"),  # rome-statute.toml: Burundi
    ("rome-127", "2025-06-02", "2026-06-02"),  # ICC ASP President: Hungary effective 2 June 2026
    ("kyoto-27", "2011-12-15", "2012-12-15"),  # UN Treaty Collection XXVII-7-a: Canada
    ("echr-58", "2022-03-16", "2022-09-16"),  # Council of Europe: Russia, from its expulsion
    ("teu-50", "2017-03-29", "2019-03-29"),  # art50.toml: the exit day as first set
    (
        "ottawa-20",
        "2025-06-27",
        "2025-12-27",
    ),  # MAG statement of 27 December 2025: the Baltic States
    ("ottawa-20", "2025-07-10", "2026-01-10"),  # Finnish MFA via Reuters; Yle via Ukrinform
    ("vclt-56", "2025-03-17", "2026-03-17"),  # Argentina's Foreign Minister Quirno, 17 March 2026
    ("unccd-38", "2013-03-28", "2014-03-28"),  # depositary note on Canada (Global Rights)
]

# Clauses with no notice and effect both on record here, worked by hand from the text: a
# hypothetical notice of 2026-01-05 (a Monday), marked as such, never a claim about a real event.
HYPOTHETICAL = [
    ("new-start-14", "2026-04-05"),  # three months after notice
    ("ilo-1-5", "2028-01-05"),  # two years (Nicaragua's notice of 2025 is still running)
    ("nato-13", "2027-01-05"),  # one year after notice to the U.S. (allowed since 1969-08-24)
    (
        "cwc-16",
        "2026-04-05",
    ),  # 90 days: 26 left in January, 28 in February, 31 in March, 5 in April
    ("bwc-13", "2026-04-05"),  # three months
    ("ctbt-9", "2026-07-05"),  # six months
    ("ccm-20", "2026-07-05"),  # six months (Lithuania's 2024 notice day is not on record here)
    ("wto-15", "2026-07-05"),  # six months after the Director-General receives it
    ("oas-143", "2028-01-05"),  # two years after the General Secretariat receives it
    ("ecowas-91", "2027-01-05"),  # one year's notice
    ("ect-47", "2027-01-05"),  # one year; the sunset runs 20 more years
    ("refugee-44", "2027-01-05"),  # one year
    ("tpnw-17", "2027-01-05"),  # twelve months, unless in an armed conflict
    ("unfccc-25", "2027-01-05"),  # one year after the depositary receives it
    ("outer-space-16", "2027-01-05"),  # one year
    ("att-24", "2026-04-05"),  # 90 days
    ("unclos-317", "2027-01-05"),  # one year
    ("chicago-95", "2027-01-05"),  # one year from receipt
    ("coe-statute-7", "2026-12-31"),  # given in the first nine months: end of that financial year
    ("cbd-38", "2027-01-05"),  # one year
    ("iccpr-op1-12", "2026-04-05"),  # three months
    ("crc-52", "2027-01-05"),  # one year
    ("cat-31", "2027-01-05"),  # one year
    ("icerd-21", "2027-01-05"),  # one year
    ("sua-19", "2027-01-05"),  # one year
    ("bunker-15", "2027-01-05"),  # one year after deposit
    ("intervention-12", "2027-01-05"),  # one year after deposit
]
HYPOTHETICAL_NOTICE = "2026-01-05"

# Every treaty the bundled catalog follows, with the clause its timeline uses.
CATALOG_CLAUSES = {
    "inf": "inf-15", "abm": "abm-15", "open-skies": "open-skies-15", "new-start": "new-start-14",
    "cfe": "cfe-19", "npt-dprk": "npt-10", "paris": "paris-28", "who": "who-us-1948",
    "unesco": "unesco-2-6", "icsid": "icsid-71", "rome-statute": "rome-127", "kyoto": "kyoto-27",
    "echr-russia": "echr-58", "art50": "teu-50", "ottawa": "ottawa-20", "unfccc": "unfccc-25",
    "nicaragua": "ilo-1-5",
}  # fmt: skip


def effective(clause_id: str, notice: str) -> str:
    (item,) = [d for d in derive(find_clause(clause_id), parse(notice)) if d.date.id == "effective"]
    return item.value.label


def parse(text: str):
    when = pendulum.parse(text).date()
    return day(when.year, when.month, when.day)


@pytest.mark.parametrize(("clause_id", "notice", "expected"), REAL)
def test_each_invoked_clause_gives_the_date_on_record(clause_id, notice, expected):
    assert effective(clause_id, notice) == expected


@pytest.mark.parametrize(("clause_id", "expected"), HYPOTHETICAL)
def test_each_clause_never_invoked_here_gives_the_date_worked_by_hand(clause_id, expected):
    assert effective(clause_id, HYPOTHETICAL_NOTICE) == expected


def test_every_clause_with_a_rule_is_in_one_table_or_the_other():
    tested = {c for c, *_ in REAL} | {c for c, _ in HYPOTHETICAL}
    with_rule = {c.id for c in library().values() if c.date("effective")}
    assert with_rule == tested
    assert [c.id for c in library().values() if not c.dates] == ["genocide-14"]


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


def test_what_if_energy_charter_shows_the_sunset(runner):
    args = ["clause", "ect", "--notice", "2016-01-01", "--in-force", "1998-04-16"]
    result = runner.invoke(cli, [*args, "--as-of", "2016-01-01"])
    assert result.output == (
        "Energy Charter Treaty Art. 47 [ect-47]: notice received 2016-01-01, in force for the party "
        "since 1998-04-16; as of 2016-01-01\n"
        "\n"
        "2003-04-16  4643 days ago   Earliest day a notice is allowed (Art. 47(1))\n"
        "2017-01-01  366 days left   Withdrawal takes effect (Art. 47(2))\n"
        "2037-01-01  7671 days left  Protection of investments made before withdrawal ends (sunset) (Art. 47(3))\n"
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
    """inf writes its rule out (the REAL table holds it equal to inf-15), so the default
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
