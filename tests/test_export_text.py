"""`tracker export text|md|csv`: the terminal views as files, Markdown for a page, CSV for a
spreadsheet; each the same bytes to stdout or to `-o FILE`, and never a colour code."""

from __future__ import annotations

import csv
import doctest
import io
import json
from pathlib import Path

import pytest

import tracker.render.formats.markdown
from tracker.cli.group import cli
from tracker.render.formats.csv import COLUMNS

from .helpers import DATA, data_file

AS_OF = ["--as-of", "2026-11-27"]


def test_doctests():
    assert doctest.testmod(tracker.render.formats.markdown).failed == 0


def test_export_text_is_the_piped_show_table(invoke):
    exported = invoke("export", "text", "--as-of", "2019-01-17", columns="60", color=True)
    assert exported.exit_code == 0
    assert exported.output == Path(DATA / "show-piped.txt").read_text(encoding="utf-8")


def test_export_text_chart_is_the_80_column_chart_whatever_the_terminal(invoke):
    exported = invoke("export", "text", "--chart", *AS_OF, columns="120", color=True)
    assert exported.output == Path(DATA / "chart-80.txt").read_text(encoding="utf-8")


def test_chart_is_only_for_text(invoke):
    result = invoke("export", "md", "--chart")
    assert result.exit_code == 2
    assert result.output.endswith("Error: Invalid value for '--chart': only with the text format\n")


@pytest.mark.parametrize("fmt", ["text", "md", "csv"])
def test_export_to_a_file_is_the_same_bytes(runner, invoke, tmp_path, fmt):
    target = tmp_path / f"inf.{fmt}"
    written = invoke("export", fmt, *AS_OF, "-o", str(target))
    assert (written.exit_code, written.output) == (0, "")
    shown = runner.invoke(cli, ["export", fmt, *AS_OF], env={"COLUMNS": None})
    assert target.read_bytes() == shown.stdout_bytes
    assert b"\x1b[" not in target.read_bytes()


def test_markdown_golden(invoke):
    result = invoke("export", "md", *AS_OF)
    assert result.output == Path(DATA / "export-inf.md").read_text(encoding="utf-8")


def test_markdown_escapes_cells_and_numbers_sources_once(invoke):
    result = invoke("export", "md", "-t", data_file("markdown.toml"), "--as-of", "2019-01-01")
    assert result.output == (
        "# Pipes \\| stars \\* and \\[brackets\\]\n"
        "\n"
        "As of 2019-01-01. Dates marked \\* are derived from the treaty's rules.\n"
        "\n"
        "A \\*timeline\\* with \\<html\\> and a \\| pipe.\n"
        "\n"
        "| Date | When | Event | Kind | Status | Sources |\n"
        "|---|---|---|---|---|---|\n"
        "| 2019-01-01 | today | A \\| B, \\*bold\\* and \\_under\\_ \\`code\\` | milestone | occurred | [1](https://example.org/wiki/Treaty_%281987%29) [2] |\n"
        "| 2019-01-02 \\* | tomorrow | Same source again | deadline | projected | [1](https://example.org/wiki/Treaty_%281987%29) |\n"
        "\n"
        "## Sources\n"
        "\n"
        "1. [Wiki (disambiguation)](https://example.org/wiki/Treaty_%281987%29), 2019-01-01\n"
        "2. No link\n"
    )


def test_markdown_with_several_timelines_has_a_section_each(invoke):
    result = invoke("export", "md", "-t", "abm", "-t", "inf", "--kind", "deadline", *AS_OF)
    headings = [line for line in result.output.splitlines() if line.startswith("#")]
    assert headings == [
        "# Treaty timelines",
        "## ABM Treaty: U.S. withdrawal",
        "## INF Treaty: U.S. withdrawal",
        "## Sources",
    ]
    rows = [line for line in result.output.splitlines() if line.startswith(("| 1", "| 2"))]
    assert [row.split(" | ")[2] for row in rows] == [
        "U.S. withdrawal from the ABM Treaty takes effect",
        "Treaty deadline to eliminate intermediate-range missiles",
        "Deadline for Russia to return to compliance",
        "U.S. withdrawal from the INF Treaty takes effect",
    ]


def test_csv_has_one_row_per_event_agreeing_with_the_json(invoke):
    data = invoke("export", "csv", "-t", "inf", "-t", data_file("chain.toml"), *AS_OF)
    text = data.stdout_bytes.decode("utf-8")
    assert text.count("\r\n") == text.count("\n") == 35  # RFC 4180 line ends
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert list(rows[0]) == list(COLUMNS)
    document = json.loads(
        invoke("export", "json", "-t", "inf", "-t", data_file("chain.toml"), *AS_OF).output
    )
    assert len(rows) == len(document["events"]) == 34
    for row, event in zip(rows, document["events"], strict=True):
        expected = {
            "id": event["id"],
            "date": event["date"],
            "end": event["end"] or "",
            "title": event["title"],
            "kind": event["kind"],
            "status": event["status"],
            "precision": event["precision"],
            "approximate": str(event["approximate"]).lower(),
            "derived": str(event["derived"]).lower(),
            "expression": event["expression"] or "",
            "days_until": str(event["days_until"]),
            "timeline": event["timeline"],
            "source_url": next((s["url"] for s in event["sources"] if s["url"]), ""),
            "sources": json.dumps(
                [{k: v for k, v in s.items() if v not in (None, False)} for s in event["sources"]],
                ensure_ascii=False,
                separators=(",", ":"),
            )
            if event["sources"]
            else "",
        }
        assert row == expected


def test_csv_row_for_the_notice_period(invoke):
    rows = list(csv.reader(io.StringIO(invoke("export", "csv", "--kind", "window", *AS_OF).output)))
    assert rows[1] == [
        "withdrawal-window",
        "2019-02-02",
        "2019-08-02",
        "Six-month notice period (Article XV)",
        "window",
        "occurred",
        "day",
        "false",
        "true",
        "withdrawal-notice",
        "-2855",
        "inf",
        "https://asil.org/print/ILIB/us-announces-withdrawal-cold-war-nuclear-arms-control-treaty-russia-february-1-2019",
        '[{"title":"U.S. Announces Withdrawal from Cold War Nuclear Arms Control Treaty with Russia (ASIL)","url":"https://asil.org/print/ILIB/us-announces-withdrawal-cold-war-nuclear-arms-control-treaty-russia-february-1-2019","date":"2019-02-01"},'
        '{"title":"Preventing the US INF withdrawal: political and legal dimensions (European Leadership Network)","url":"https://europeanleadershipnetwork.org/commentary/preventing-the-us-inf-withdrawal-political-and-legal-dimensions/","date":"2018-11-23"}]',
    ]
