"""`tracker check --sources`: every pending date rests on a primary source; the bundled catalog
passes at a fixed day, and each finding is worded and exits as documented."""

from __future__ import annotations

import pytest

from events.audit import is_primary
from events.model import Source
from tracker.cli.group import cli

CATALOG_DAY = "2026-12-06"

HEAD = '[timeline]\nid = "t"\ntitle = "T"\n\n'
NOTICE = '[[event]]\nid = "notice"\ntitle = "Notice"\ndate = 2026-03-01\nsources = [{}]\n\n'
EFFECTIVE = (
    '[[event]]\nid = "effective"\ntitle = "Effect"\ndate = "notice + 1 year"\nkind = "deadline"\n'
    "sources = [{}]\n"
)


def write(tmp_path, notice_source: str, effective_source: str):
    path = tmp_path / "t.toml"
    body = HEAD + NOTICE.format(notice_source) + EFFECTIVE.format(effective_source)
    path.write_text(body, encoding="utf-8")
    return path


def test_the_bundled_catalog_passes_the_audit(runner):
    result = runner.invoke(cli, ["check", "--sources", "--as-of", CATALOG_DAY])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "ok: every pending date in 17 timelines rests on a primary source\n"


def test_a_pending_date_on_reports_alone_fails(runner, tmp_path):
    news = '{ title = "Wire report", url = "https://news.example/a" }'
    path = write(tmp_path, news, news)
    result = runner.invoke(cli, ["check", "--sources", str(path), "--as-of", CATALOG_DAY])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        f"{path}: event 'effective': projected (2027-03-01) rests on no primary source\n"
    )


def test_a_suspension_until_lifted_has_no_date_ahead_so_reports_alone_are_a_warning(runner):
    """Ukraine's suspension of the Ottawa Convention: its start (2025-07-18) rests on reports of
    the depositary notification, and its end is not on record: nothing to count to."""
    result = runner.invoke(cli, ["check", "--sources", "-t", "ottawa", "--as-of", CATALOG_DAY])
    assert result.exit_code == 0, result.stderr
    assert (
        "ottawa (bundled): event 'ukraine-suspension': warning: suspended since 2025-07-18, "
        "until lifted: no date ahead; its start rests on no primary source\n"
    ) in result.stderr


def test_a_primary_input_carries_a_derived_date_and_a_weak_input_is_a_warning(runner, tmp_path):
    gazette = '{ title = "Gazette", url = "https://dziennikustaw.gov.pl/DU/2026/1" }'
    news = '{ title = "Wire report", url = "https://news.example/a" }'
    carried = runner.invoke(
        cli, ["check", "--sources", str(write(tmp_path, gazette, news)), "--as-of", CATALOG_DAY]
    )
    assert (carried.exit_code, carried.stderr) == (0, "")
    text = '{ title = "Convention, Art. 25", url = "https://unfccc.int/convention.pdf" }'
    path = write(tmp_path, news, text)
    weak = runner.invoke(cli, ["check", "--sources", str(path), "--as-of", CATALOG_DAY])
    assert weak.exit_code == 0
    assert weak.stderr == (
        f"{path}: event 'effective': warning: projected (2027-03-01) is derived from 'notice', "
        "which has no primary source of its own\n"
    )


def test_a_source_marked_secondary_is_never_primary_even_on_an_official_host(runner, tmp_path):
    quoted = '{ title = "Report quoting the UN", url = "https://www.un.org/x", secondary = true }'
    path = write(tmp_path, quoted, quoted)
    result = runner.invoke(cli, ["check", "--sources", str(path), "--as-of", CATALOG_DAY])
    assert result.exit_code == 1


def test_a_title_that_is_its_address_and_a_date_on_no_source_are_warnings(runner, tmp_path):
    path = tmp_path / "t.toml"
    path.write_text(
        HEAD + '[[event]]\nid = "old"\ntitle = "Old"\ndate = 2001-01-01\n\n'
        '[[event]]\nid = "bare"\ntitle = "Bare"\ndate = 2002-01-01\n'
        'sources = [{ title = "https://x.example/a", url = "https://x.example/a" }]\n',
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["check", "--sources", str(path), "--as-of", CATALOG_DAY])
    assert result.exit_code == 0
    assert result.stderr == (
        f"{path}: event 'old': warning: 2001-01-01 rests on no source\n"
        f"{path}: event 'bare': warning: source 'https://x.example/a' has its address as its "
        "title\n"
    )


@pytest.mark.parametrize(
    ("url", "primary"),
    [
        ("https://treaties.un.org/doc/Publication/CN/2026/CN.1.2026-Eng.pdf", True),
        ("https://www.state.gov/u-s-withdrawal", True),
        ("https://isap.sejm.gov.pl/isap.nsf/x", True),
        ("https://www.mfa.gov.tr/no_-289", True),
        ("https://cancilleria.gob.ni/x", True),
        ("https://www.coe.int/en/web/portal/-/x", True),
        ("https://en.kremlin.ru/events/president/news/70565", True),
        ("https://tass.com/world/1", False),
        ("https://gov.example.com/x", False),  # "gov" is not the last or next-to-last label
        ("https://notun.org.evil.example/x", False),
    ],
)
def test_primary_hosts(url, primary):
    assert is_primary(Source("S", url)) is primary
