"""Fuzzing the commands with generated timeline files: random documents, and the bundled timelines
with a few edits. Whatever the file, every command ends with exit 0, 1 or 2 and no traceback, and
a file that `check` accepts renders in every export format and in the feed store. `import` is fed
generated calendars and CSVs (hostile dates, zones, UIDs, ids and sources among valid ones), and
the editing commands generated ids and titles, under the same promise; a refused import writes
nothing, and nothing is ever written outside the home.

Bounded (a few hundred examples in all) and derandomized in CI by the profile in conftest.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from importlib import resources
from pathlib import Path

import pendulum
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from events import rules
from events.model import EXPLICIT_STATUSES, KINDS
from events.problems import InvalidTimeline
from tracker.cli.group import cli
from tracker.files.load import bundled_ids
from tracker.site.store import FeedStore

AS_OF = "2019-01-17"
STRAY_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")  # CRLF reads as \n
EXPORTS = (["ics"], ["json"], ["text"], ["text", "--chart"], ["md"], ["csv"])
FUZZ = settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


FUNCTIONS = sorted(rules.FUNCTIONS)  # every function of the language, from its one table


def iso(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}"


def literal(day: dt.date, form: int, zone: str, later: dt.date) -> str:
    """A date written outright, in one of the forms a timeline file allows."""
    text = iso(day)
    forms = [text, f"{day.year:04d}", text[:7], f"~{text}", f"{text}T23:30 {zone}", f"{text}T00:15"]
    return [*forms, f"{text}/{iso(later)}", f"{text}/..", f"{text[:7]}/.."][form]


def strategies(messy: bool) -> dict[str, st.SearchStrategy]:
    """Timeline documents and their values: tidy ones whose values are each valid (so many pass `check` and reach
    every export, though rules may still read a missing event or go round in a cycle), or messy
    ones where any value may be wrong in any way."""

    def pick(good: st.SearchStrategy, bad: st.SearchStrategy) -> st.SearchStrategy:
        # now and then, so that a file is often wrong in one place only, where a missing check
        # shows (a control character in a tag reaching the feed)
        return st.integers(0, 7).flatmap(lambda n: bad if n == 0 else good) if messy else good

    text = st.one_of(
        st.text(st.characters(exclude_categories=("Cs",)), max_size=12),
        st.sampled_from(["", " ", "\x07", "AAAA\rXX", "a\nb", "\u2028", "\x1b[2J", "\x85"]),
    )
    good_ids = st.sampled_from(["a", "b", "c", "d", "x-1"])
    ids = pick(good_ids, st.sampled_from(["A", "2019", "", "a\n"]))
    titles = pick(
        st.one_of(
            st.sampled_from(
                ["Talks", "=HYPERLINK(1)", "-2", "'quoted", "Ünïcode 🇺🇳 سط", "a" * 300]
            ),
            st.text(st.characters(exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1),
        ),
        text,
    )
    zones = pick(
        st.sampled_from(["UTC", "Europe/London", "America/New_York", "Asia/Kathmandu"]),
        st.sampled_from(["Mars/Olympus", "../../x", "", "a" * 300]),
    )
    days = pick(
        st.one_of(
            st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)),
            st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 30)),
            st.sampled_from([dt.date(1, 1, 1), dt.date(9999, 12, 30)]),
        ),
        st.just(dt.date(9999, 12, 31)),
    )
    amounts = st.one_of(
        st.integers(0, 100), st.sampled_from([0, 1, 6, 60, 9999999]), st.integers(0, 10**7)
    )
    units = pick(
        st.sampled_from(["day", "days", "weeks", "month", "years", "business days"]),
        st.sampled_from(["dayz", "²"]),
    )
    offsets = st.lists(st.tuples(st.sampled_from("+-"), amounts, units), max_size=3).map(
        lambda steps: "".join(f" {sign} {amount} {unit}" for sign, amount, unit in steps)
    )
    literals = st.builds(literal, days, st.integers(0, 8), zones, days)
    terms = st.one_of(good_ids, good_ids.map(lambda i: f"{i}.end"), literals, ids)
    calls = st.recursive(
        terms,
        lambda inner: st.builds(
            lambda f, args: f"{f}({', '.join(args)})",
            st.sampled_from(FUNCTIONS),
            st.lists(inner, min_size=1, max_size=2),
        ),
        max_leaves=4,
    )
    instants = st.datetimes(
        min_value=dt.datetime(1, 1, 2),
        max_value=dt.datetime(9999, 12, 29),
        timezones=st.just(dt.UTC),
    )
    date_values = pick(
        st.one_of(days, instants, literals, st.builds(str.__add__, calls, offsets)), text
    )
    sources = st.fixed_dictionaries(
        {"title": titles},
        optional={"url": pick(st.just("https://x.invalid/=1"), st.just("ftp://x")), "date": days},
    )
    revisions = st.fixed_dictionaries(
        {"on": days, "reason": titles, "date": date_values},
        optional={
            "end": date_values,
            "status": st.sampled_from(EXPLICIT_STATUSES),
            "rule": titles,
        },
    )
    events = st.fixed_dictionaries(
        {"id": ids, "title": titles, "date": date_values},
        optional={
            "end": date_values,
            "kind": pick(st.sampled_from(KINDS), st.just("deadlin")),
            "status": pick(st.sampled_from(EXPLICIT_STATUSES), st.just("done")),
            "tags": st.lists(titles, max_size=2),
            "sources": st.lists(sources, max_size=2),
            "rule": titles,
            "known": days,
            "description": pick(titles, text),
            "revision": st.lists(revisions, max_size=2),
        },
    )
    reminders = pick(st.sampled_from(["30 days", "1 month", "2 business days"]), text)
    head = st.fixed_dictionaries(
        {"id": ids, "title": titles},
        optional={
            "timezone": zones,
            "remind": st.lists(reminders, max_size=3),
            "updated": days,
            "description": pick(titles, text),
        },
    )
    document = st.fixed_dictionaries(
        {
            "timeline": head,
            "event": st.lists(events, max_size=6, unique_by=None if messy else (lambda e: e["id"])),
        }
    )
    return {"document": document, "date": date_values, "text": text}


TIDY, MESSY = strategies(messy=False), strategies(messy=True)
DOCUMENTS = st.one_of(TIDY["document"], MESSY["document"])


def toml_value(value: object) -> str:
    """TOML for the values generated here (JSON's string escapes are TOML's too)."""
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return iso(value)
    if isinstance(value, list):
        return f"[{', '.join(toml_value(v) for v in value)}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(value)


def to_toml(document: dict) -> str:
    lines = ["[timeline]", *(f"{k} = {toml_value(v)}" for k, v in document["timeline"].items())]
    for event in document["event"]:
        lines.append("[[event]]")
        lines.extend(f"{k} = {toml_value(v)}" for k, v in event.items() if k != "revision")
        for revision in event.get("revision", []):
            lines.append("[[event.revision]]")
            lines.extend(f"{k} = {toml_value(v)}" for k, v in revision.items())
    return "\n".join(lines) + "\n"


@st.composite
def mutated_catalog(draw: st.DrawFn) -> str:
    """A bundled timeline with one to three edits: a value replaced, a line dropped, doubled or
    moved, or a few characters inserted."""
    name = draw(st.sampled_from(bundled_ids()))
    lines = resources.files("events.catalog").joinpath(f"{name}.toml").read_text().splitlines()
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, len(lines) - 1))
        edit = draw(st.sampled_from(["value", "drop", "double", "move", "insert"]))
        if edit == "value" and " = " in lines[index]:
            key = lines[index].split(" = ", 1)[0]
            lines[index] = f"{key} = {toml_value(draw(MESSY['date']))}"
        elif edit == "drop":
            del lines[index]
        elif edit == "double":
            lines.insert(index, lines[index])
        elif edit == "move":
            lines.insert(draw(st.integers(0, len(lines) - 1)), lines.pop(index))
        else:
            at = draw(st.integers(0, len(lines[index])))
            lines[index] = lines[index][:at] + draw(MESSY["text"]) + lines[index][at:]
        if not lines:
            break
    return "\n".join(lines) + "\n"


def run(args: list[str]) -> int:
    """The exit code of one command, after asserting it ended as the CLI promises."""
    result = CliRunner().invoke(cli, [*args, "--as-of", AS_OF])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        result.output,
        result.exc_info,
    )
    assert result.exit_code in (0, 1, 2), (args, result.output)
    # nothing a file says reaches the terminal as a control character (a CR would overwrite the
    # line): only newlines, and tabs that a description may hold
    assert not STRAY_CONTROL.search(result.output), (args, result.output)
    return result.exit_code


def served(path: Path) -> set[str]:
    """The files the feed store serves for this timeline; a timeline it refuses is a typed
    error (or, where the store keeps serving the others, no files), never a crash."""
    try:
        store = FeedStore([str(path)], pendulum.parse(AS_OF).date())
    except InvalidTimeline:
        return set()
    return {name for name, feed in store.files().items() if feed.body}


def assert_never_crashes(path: Path, text: str) -> None:
    """Every command ends as promised; and once `check` says ok, every one succeeds and the feed
    store serves the feed. (A file that fails `check` may still show: `check` also looks at
    revisions decided after the as-of day.)"""
    path.write_text(text, encoding="utf-8")
    checked = run(["check", str(path)])
    shown = run(["show", "-t", str(path)])
    exports = [run(["export", *export, "-t", str(path)]) for export in EXPORTS]
    files = served(path)
    if checked == 0:
        assert (shown, exports) == (0, [0] * len(EXPORTS))
        assert any(name.endswith(".ics") for name in files), files


@FUZZ
@given(document=DOCUMENTS)
def test_random_timelines_never_crash_a_command(tmp_path, document):
    assert_never_crashes(tmp_path / "fuzz.toml", to_toml(document))


@settings(FUZZ, max_examples=40)
@given(text=mutated_catalog())
def test_edited_bundled_timelines_never_crash_a_command(tmp_path, text):
    assert_never_crashes(tmp_path / "fuzz.toml", text)


# --- import and the editing commands, with generated calendars, CSVs, ids and titles -----------

TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30)
ICS_VALUES = {
    "DTSTART": [
        "20200101",
        "20200101T100000Z",
        "20200101T100000",
        "20200230",
        "garbage",
        "",
        "99991231",
        "00010101",
        "20200101T000000Z/20200102T000000Z",
        "20200101T250000",
    ],
    "DTEND": ["20200102", "20200102T100000Z", "20191231", "x", "99991231T235959Z"],
    "DURATION": ["P1D", "PT1H", "P100000D", "-P1D", "soon", "P"],
    "UID": [
        "a@example.org",
        "b@example.org",
        "deadline@inf.withdrawal-tracker.invalid",
        "",
        "x" * 300 + "@t.withdrawal-tracker.invalid",
    ],
    "STATUS": ["CANCELLED", "CONFIRMED", "??"],
    "RRULE": ["FREQ=DAILY"],
}
PARAMS = [
    "",
    ";VALUE=DATE",
    ";VALUE=DATE-TIME",
    ";TZID=Europe/Paris",
    ";TZID=Nowhere/Atlantis",
    ";VALUE=PERIOD",
]


@st.composite
def calendars(draw: st.DrawFn) -> str:
    """An iCalendar file: a few VEVENTs, each with properties drawn from valid and hostile
    values, sometimes twice, sometimes with free text."""
    events = []
    for _ in range(draw(st.integers(0, 3))):
        lines = ["BEGIN:VEVENT", "DTSTAMP:20200101T000000Z"]
        for name in draw(st.lists(st.sampled_from(sorted(ICS_VALUES)), max_size=6)):
            value = draw(
                st.sampled_from(ICS_VALUES[name]) | TEXT.map(lambda t: t.replace("\n", " "))
            )
            lines.append(f"{name}{draw(st.sampled_from(PARAMS))}:{value}")
        lines.append(f"SUMMARY:{draw(TEXT)}".replace("\n", " "))
        events.append("\r\n".join([*lines, "END:VEVENT"]))
    name = draw(
        st.sampled_from(["", "X-WR-CALNAME:Fuzz\r\n", "PRODID:-//withdrawal-tracker//EN\r\n"])
    )
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
        + name
        + "\r\n".join(events)
        + ("\r\n" if events else "")
        + "END:VCALENDAR\r\n"
    )


CSV_HEADER = (
    "id,date,end,title,kind,status,precision,approximate,derived,expression,days_until,"
    "timeline,source_url,sources"
)
CSV_CELLS = {
    "id": ["a", "b", "A B", "", "x" * 300],
    "date": ["2019-01-01", "2019-02-30", "~2019-01", "", "a + 1 day", "9999-12-31"],
    "timeline": ["fuzz", "../outside/victim", "", "x" * 300, "Fuzz"],
    "sources": [
        '[{"title":"t","date":"2019-01-01"}]',
        '[{"title":"t","date":"2019-13-45"}]',
        "[" * 2000 + "]" * 2000,
        '{"a":1}',
        "[1]",
        "",
    ],
}


@st.composite
def csv_files(draw: st.DrawFn) -> str:
    """A CSV with the export's columns, its cells drawn from valid and hostile values."""
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_HEADER.split(","))
    for _ in range(draw(st.integers(0, 3))):
        cell = {k: draw(st.sampled_from(v) | TEXT) for k, v in CSV_CELLS.items()}
        writer.writerow(
            [
                cell["id"],
                cell["date"],
                "",
                draw(TEXT),
                "milestone",
                "",
                "day",
                "false",
                "false",
                "",
                "",
                cell["timeline"],
                "",
                cell["sources"],
            ]
        )
    return out.getvalue()


def assert_import_never_crashes(tmp_path: Path, monkeypatch, text: str, name: str) -> None:
    """`import` of `text` as the file `name`, into a new home: it ends with 0, 1 or 2 and one
    line, no traceback; a refusal writes nothing, and whatever it writes is in the home and
    passes `check`."""
    home = tmp_path / "home"
    shutil.rmtree(home, ignore_errors=True)
    monkeypatch.setenv("TRACKER_HOME", str(home))
    source = tmp_path / name
    source.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(source), "--update"])
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        result.output,
        result.exc_info,
    )
    assert result.exit_code in (0, 1, 2), result.output
    written = sorted(home.glob("*.toml")) if home.exists() else []
    if result.exit_code != 0:
        assert written == [], result.output
    for path in written:
        assert path.parent == home
        assert run(["check", str(path)]) in (0, 1)  # 1: a revision after the as-of day


@FUZZ
@given(text=calendars())
def test_generated_calendars_never_crash_import(tmp_path, monkeypatch, text):
    assert_import_never_crashes(tmp_path, monkeypatch, text, "fuzz.ics")


@FUZZ
@given(text=csv_files())
def test_generated_csvs_never_crash_import(tmp_path, monkeypatch, text):
    assert_import_never_crashes(tmp_path, monkeypatch, text, "fuzz.csv")
    assert not (tmp_path / "outside").exists()


@FUZZ
@given(event_id=st.sampled_from(["ok", "x" * 201, "-a", "A", "a\u202e"]) | TEXT, title=TEXT)
def test_generated_ids_and_titles_never_crash_an_edit(tmp_path, event_id, title):
    path = tmp_path / "fuzz.toml"
    path.write_text('[timeline]\nid = "fuzz"\ntitle = "Fuzz"\n', encoding="utf-8")
    for args in (
        ["add", "-t", str(path), event_id, "--title", title, "--date", "2019-01-01"],
        ["move", "-t", str(path), event_id, "2019-02-01", "--on", "2019-01-02", "--reason", title],
        ["new", event_id, "--title", title],
    ):
        run(args)
