"""`tracker export html`: the page of one timeline, read as HTML (the browser tests are in
test_page_browser.py): what it says, where its marks go, what it links to, and its size."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pendulum
import pytest

from events.resolve import resolve
from events.select import days_of
from tracker.cli.group import cli
from tracker.files.load import bundled_ids, load_timeline
from tracker.render.export import export
from tracker.render.terminal.axis import plan_axis
from tracker.render.web.chart import GAP, plan_chart
from tracker.render.web.index import Deadline, Listing, next_deadline, render_index

from .helpers import data_file


def page(runner, *args: str) -> str:
    result = runner.invoke(cli, ["export", "html", *args])
    assert result.exit_code == 0, result.output
    return result.output


def resolved(timeline_id: str, as_of: str):
    return resolve(load_timeline(timeline_id), pendulum.parse(as_of).date())


class Tags(HTMLParser):
    """Every start tag with its attributes, to look for anything that would load from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def test_the_countdown_names_the_next_deadline_its_days_and_its_rule(runner):
    html = page(runner, "-t", "inf", "--as-of", "2019-01-17")
    assert '<strong class="days" data-days="16">16</strong> days until the next deadline:' in html
    assert (
        '<p><a href="#e-compliance-deadline">Deadline for Russia to return to compliance</a>, '
        '<time datetime="2019-02-02">2019-02-02</time> (projected)</p>'
    ) in html
    assert (
        '<p class="rule">= ultimatum + 60 days = 2019-02-02 '
        "(U.S. ultimatum of 2018-12-04 (60 days))</p>"
    ) in html
    assert '<article class="event" id="e-compliance-deadline"' in html
    assert 'As known on <time datetime="2019-01-17">2019-01-17</time>.' in html


def test_the_countdown_agrees_with_until(runner):
    html = page(runner, "-t", data_file("deadlines.toml"), "--as-of", "2019-01-17")
    match = re.search(r'<strong class="days" data-days="(-?\d+)">([^<]*)</strong>', html)
    assert match is not None
    until = runner.invoke(
        cli,
        ["until", _next_id(html), "-q", "-t", data_file("deadlines.toml"), "--as-of", "2019-01-17"],
    )
    assert until.exit_code == 0
    assert match.group(1) == until.output.strip()


def _next_id(html: str) -> str:
    return re.search(
        r'<div class="countdown">\s*<p>.*?</p>\s*<p><a href="#e-([a-z0-9-]+)"', html, re.S
    ).group(1)


def test_a_month_deadline_shows_the_range_of_days(runner, tmp_path):
    path = tmp_path / "vague.toml"
    path.write_text(
        '[timeline]\nid = "vague"\ntitle = "Vague"\n\n'
        '[[event]]\nid = "due"\ntitle = "Due some day in March"\ndate = "2019-03"\nkind = "deadline"\n'
    )
    html = page(runner, "-t", str(path), "--as-of", "2019-01-17")
    assert '<strong class="days" data-days="43">43 to 73</strong> days until' in html
    assert '<time datetime="2019-03">2019-03</time>' in html
    # drawn as a band over every day it may be
    assert 'class="m m-band"' in html and 'data-first="2019-03-01" data-last="2019-03-31"' in html


def test_a_vague_deadline_already_open_counts_to_its_last_day(runner):
    html = page(runner, "-t", data_file("deadlines.toml"), "--as-of", "2020-01-30")
    assert (
        '<p>At most <strong class="days" data-days="-29">1</strong> day until the next deadline, '
        "which may fall any day now:</p>"
    ) in html


def test_an_approximate_deadline_is_about(runner):
    html = page(runner, "-t", data_file("chain.toml"), "--as-of", "2019-01-17", "--hindsight")
    assert '<p>About <strong class="days" data-days="43">43</strong> days until' in html


def test_several_timelines_are_a_usage_error(runner):
    result = runner.invoke(cli, ["export", "html", "-t", "inf", "-t", "art50"])
    assert result.exit_code == 2
    assert "html is the page of one timeline, and 2 were given" in result.output


def test_base_url_gives_subscribe_links_and_only_with_html(runner):
    html = page(runner, "-t", "inf", "--as-of", "2019-01-17", "--base-url", "https://example.org/t")
    assert '<a href="webcal://example.org/t/inf.ics">Subscribe' in html
    assert (
        '<a href="https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fexample.org'
        '%2Ft%2Finf.ics">Add'
    ) in html
    assert (
        '<a href="https://example.org/t/inf.ics"><code>https://example.org/t/inf.ics</code></a>'
        in html
    )
    plain = page(runner, "-t", "inf", "--as-of", "2019-01-17")
    assert "webcal:" not in plain and '<a href="inf.ics">' in plain
    assert "<code>tracker publish DIR --base-url URL</code> or <code>tracker export html" in plain
    refused = runner.invoke(cli, ["export", "json", "--base-url", "https://example.org/"])
    assert refused.exit_code == 2
    assert "only with the html format" in refused.output


def test_a_moved_deadline_keeps_a_hollow_mark_at_its_first_date(runner):
    html = page(runner, "-t", "art50", "--as-of", "2019-12-01")
    row = html[html.index('<a class="row grid" href="#e-exit-day">') :]
    row = row[: row.index("</a></li>")]
    assert '<span class="note">was <time datetime="2019-03-29">2019-03-29</time></span>' in row
    assert 'class="m m-was"' in row and 'data-first="2019-03-29"' in row
    assert 'class="m m-deadline"' in row and 'data-first="2020-01-31"' in row


def test_a_running_span_shows_the_days_left(runner):
    html = page(runner, "-t", "inf", "--as-of", "2019-05-01")
    assert '<span class="note">93 days left</span>' in html
    assert 'class="m m-left"' in html and 'data-first="2019-05-02" data-last="2019-08-02"' in html
    assert 'running: 93 days left, ends <time datetime="2019-08-02">2019-08-02</time>' in html


def test_every_mark_is_where_its_date_is_and_cuts_are_the_terminal_charts():
    timeline = resolved("inf", "2019-01-17")
    chart = plan_chart(timeline, pendulum.date(2019, 1, 17))
    intervals = [days_of(e) for e in timeline] + [(timeline.as_of, timeline.as_of)]
    planned = plan_axis(intervals, 1000).segments
    assert [(s.first, s.last) for s in chart.scale.segments] == [(s.first, s.last) for s in planned]
    assert (
        len(chart.scale.segments) == 4
    )  # 1988-1991, 1991-2014 and 2014-2017 cut, as in the terminal
    segments = chart.scale.segments
    assert segments[0].left == 0 and segments[-1].left + segments[-1].width == pytest.approx(100)
    for before, after in itertools.pairwise(segments):
        assert after.left - (before.left + before.width) == pytest.approx(GAP)
    for event, marks in chart.rows:
        for mark in marks:
            segment = next(s for s in segments if s.first <= mark.first <= s.last)
            start = segment.left + (mark.first - segment.first).days * chart.scale.per_day
            expected = start if mark.width else start + chart.scale.per_day / 2
            assert mark.left == pytest.approx(expected), event.id
    assert chart.today == pytest.approx(
        segments[-1].left
        + (pendulum.date(2019, 1, 17) - segments[-1].first).days * chart.scale.per_day
        + chart.scale.per_day / 2
    )


def test_text_from_the_file_is_escaped(runner, tmp_path):
    path = tmp_path / "evil.toml"
    path.write_text(
        '[timeline]\nid = "evil"\ntitle = "<script>alert(1)</script>"\n\n'
        '[[event]]\nid = "x"\ntitle = "A & <b>B</b>"\ndate = 2019-01-01\n'
        'sources = [{ title = "\\"><img src=x>", url = "https://example.org/?a=1&b=<2>" }]\n'
    )
    html = page(runner, "-t", str(path), "--as-of", "2019-01-17")
    assert "<script>" not in html and "<b>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in html


@pytest.mark.parametrize("timeline_id", bundled_ids())
def test_every_page_is_self_contained_and_within_budget(timeline_id):
    timeline = resolved(timeline_id, "2019-01-17")
    html = export("html", [timeline], timeline.as_of, base="https://example.org/").decode()
    budget = 50_000 + 3_000 * len(timeline)
    assert len(html.encode()) <= budget
    parser = Tags()
    parser.feed(html)
    for tag, attrs in parser.tags:
        assert tag not in ("script", "img", "iframe", "link", "object", "embed"), tag
        assert "src" not in attrs and "srcset" not in attrs
    assert "url(" not in html and "@import" not in html
    ids = [attrs["id"] for _, attrs in parser.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    for _, attrs in parser.tags:  # every in-page link has its target
        if (attrs.get("href") or "").startswith("#"):
            assert attrs["href"][1:] in ids


def test_the_front_page_puts_the_most_urgent_deadline_first():
    listings = [
        Listing("none", "No deadline", None, ("none.ics",)),
        Listing(
            "later",
            "Later",
            None,
            ("later.ics", "later.html"),
            Deadline("d", "Due later", "2019-03", False, 43, 73),
        ),
        Listing(
            "soon",
            "Soon",
            "A <b>",
            ("soon.ics",),
            Deadline("s", "Due soon", "2019-02-02", True, 16, 16),
        ),
    ]
    html = render_index(listings, "https://example.org/t/").decode()
    assert html.index('id="soon"') < html.index('id="later"') < html.index('id="none"')
    assert (
        '<p class="next">Next deadline: <strong class="days">16 days</strong> until Due soon, '
        "about 2019-02-02</p>"
    ) in html
    assert (
        '<p class="next">Next deadline: <strong class="days">43 to 73 days</strong> until '
        '<a href="https://example.org/t/later.html#e-d">Due later</a>, 2019-03</p>'
    ) in html
    assert '<h2><a href="https://example.org/t/later.html">Later</a></h2>' in html
    assert '<p class="next">No deadline ahead.</p>' in html
    assert "<p>A &lt;b&gt;</p>" in html


def test_a_running_window_counts_down_to_its_end_as_until_does(runner):
    html = page(runner, "-t", "kyoto", "--as-of", "2011-06-01")
    assert (
        '<p><strong class="days" data-days="579">579</strong> days left of the next deadline:</p>\n'
        '<p><a href="#e-first-commitment-period">First commitment period (Art. 3(1))</a>, ends '
        '<time datetime="2012-12-31">2012-12-31</time></p>'
    ) in html


def test_the_countdown_says_today_on_the_day(runner):
    html = page(runner, "-t", "inf", "--as-of", "2019-08-02")
    assert '<p>The next deadline is <strong class="days" data-days="0">today</strong>:</p>' in html
    last = page(runner, "-t", "kyoto", "--as-of", "2012-12-31")
    assert (
        '<p>The last day of the next deadline is <strong class="days" data-days="0">today</strong>'
        ":</p>"
    ) in last


def test_the_front_page_counts_a_running_window_to_its_end_and_says_today():
    listings = [
        Listing(t, t, None, (f"{t}.ics",), next_deadline(resolved(t, day)))
        for t, day in (("kyoto", "2011-06-01"), ("inf", "2019-08-02"))
    ]
    html = render_index(listings, None).decode()
    assert (
        '<p class="next">Next deadline: <strong class="days">579 days</strong> left of '
        "First commitment period (Art. 3(1)), ends 2012-12-31</p>"
    ) in html
    assert (
        '<p class="next">Next deadline: <strong class="days">today</strong>: '
        "U.S. withdrawal from the INF Treaty takes effect, 2019-08-02</p>"
    ) in html


def test_the_front_page_says_what_docs_web_md_says_it_says():
    """Each wording docs/web.md quotes for the front page, found on a front page showing each
    case: a vague deadline begun, an open one ahead and come, a window under way, a day."""
    from pathlib import Path

    doc = (Path(__file__).parent.parent / "docs" / "web.md").read_text(encoding="utf-8")
    section = doc[doc.index("## The front page") : doc.index("## How the pages are tested")]
    quoted = re.findall(r'"([^"]+)"', " ".join(section.split()))
    assert quoted == ["at most N days", "at least N days", "open", "N days left of", "today"]
    listings = [
        Listing("a", "A", None, ("a.ics",), Deadline("v", "Vague", "2019-03", False, -3, 27)),
        Listing(
            "b",
            "B",
            None,
            ("b.ics",),
            Deadline("o", "Open", "2027-01-07", False, 38, 38, open=True),
        ),
        Listing(
            "c",
            "C",
            None,
            ("c.ics",),
            Deadline("u", "Undecided", "2026-01-15", False, -319, -319, open=True),
        ),
        Listing(
            "d",
            "D",
            None,
            ("d.ics",),
            Deadline("w", "Window", "2012-12-31", False, 579, 579, running=True),
        ),
        Listing("e", "E", None, ("e.ics",), Deadline("t", "Today", "2019-08-02", False, 0, 0)),
    ]
    text = re.sub(r"<[^>]+>", "", render_index(listings, None).decode())
    examples = {
        "at most N days": "at most 27 days",
        "at least N days": "at least 38 days",
        "open": "open: not before 2026-01-15",
        "N days left of": "579 days left of Window",
        "today": "today: Today",
    }
    for phrase in quoted:
        assert examples[phrase] in text, phrase
