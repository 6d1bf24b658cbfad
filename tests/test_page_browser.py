"""The page of every bundled timeline in Chromium, at 1280 and 375 px, light and dark: it asks
the network for nothing and logs no error, its countdown agrees with `tracker until`, every mark
and the today line sit where their dates say to a pixel or two, no labels overlap, nothing
scrolls sideways, and axe-core finds no accessibility violation."""

from __future__ import annotations

from typing import Any

import pendulum
import pytest

from tracker.cli.group import cli
from tracker.files.load import bundled_ids
from tracker.site.publish import publish
from tracker.site.store import FeedStore

from .browser import JS
from .helpers import FIXTURES, every_page, page_of

MEASURE = (JS / "measure.js").read_text(encoding="utf-8")
AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
    .map(v => `${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", ")})`)"""
TOLERANCE = 2.0  # pixels: "a pixel or two", for rounding and a border's width
# axe-core takes about a second a page, most of it checking contrast. Its rules read the markup
# (the same in every mode), the layout (two widths) and the colours (two schemes): these two
# modes cover each width and each scheme, at half the cost of all four.
AXE_MODES = ((1280, "light"), (375, "dark"))


# Timelines from tests/data checked with the bundled ones, each as of a fixed day: dates still
# open ("2022-02-24/..") and a span with an open end, drawn as arrows to the chart's edge.
PAGES = [*bundled_ids(), *(pytest.param(path, id="open-web") for path in FIXTURES)]


def day(text: str) -> pendulum.Date:
    return pendulum.Date.fromisoformat(text)


def expected_x(segments: list[dict[str, Any]], date: pendulum.Date, offset: float) -> float:
    """Pixels at `offset` days into `date` (0: its start, 0.5: its middle, 1: its end), within
    the uncut stretch that holds it."""
    for segment in segments:
        first, last = day(segment["first"]), day(segment["last"])
        if first <= date <= last:
            days = (last - first).days + 1
            box = segment["box"]
            return box["left"] + ((date - first).days + offset) / days * box["width"]
    raise AssertionError(f"{date} is in no stretch of the chart")


def overlapping(labels: list[dict[str, Any]]) -> list[tuple[str, str]]:
    found = []
    for index, one in enumerate(labels):
        for other in labels[index + 1 :]:
            a, b = one["box"], other["box"]
            if min(a["right"], b["right"]) - max(a["left"], b["left"]) > 0.5 and (
                min(a["bottom"], b["bottom"]) - max(a["top"], b["top"]) > 0.5
            ):
                found.append((one["text"], other["text"]))
    return found


@pytest.mark.parametrize("timeline_id", PAGES)
def test_the_page_in_chromium(timeline_id, tabs, artefacts, runner):
    timeline, html = page_of(timeline_id)
    as_of = timeline.as_of
    for (width, scheme), tab in tabs.items():
        where = f"{timeline_id} at {width} px, {scheme}"
        tab.show(html)
        seen = tab.page.evaluate(MEASURE)
        tab.check_quiet()
        assert seen["scrollWidth"] <= seen["clientWidth"], f"{where}: scrolls sideways"
        dark = seen["background"] != "rgb(255, 255, 255)"
        assert dark == (scheme == "dark"), where

        next_id = seen["next"].removeprefix("#e-")
        until = runner.invoke(
            cli, ["until", next_id, "-q", "-t", timeline_id, "--as-of", str(as_of)]
        )
        assert until.exit_code == 0, until.output
        assert seen["countdown"]["days"] == until.output.strip(), where
        if int(until.output) >= 0:  # else a vague deadline already open: "at most N days"
            assert seen["countdown"]["text"].split()[0] == until.output.strip(), where

        segments = seen["segments"]
        assert segments, where
        for mark in seen["marks"]:
            box, first, last = mark["box"], day(mark["first"]), day(mark["last"])
            what = f"{where}: {mark['row']} {mark['shape']} {first}/{last}"
            if mark["band"]:
                assert abs(box["left"] - expected_x(segments, first, 0)) <= TOLERANCE, what
                right = max(box["right"], box["left"] + 2)  # a band is at least 2 px wide
                assert (
                    abs(right - max(expected_x(segments, last, 1), box["left"] + 2)) <= TOLERANCE
                ), what
            else:
                centre = (box["left"] + box["right"]) / 2
                assert abs(centre - expected_x(segments, first, 0.5)) <= TOLERANCE, what
        assert seen["axisToday"] == str(as_of), where
        today = expected_x(segments, as_of, 0.5)
        assert len(seen["today"]) == len(timeline) + 1, where  # the axis and every row
        for line in seen["today"]:
            assert abs((line["left"] + line["right"]) / 2 - today) <= TOLERANCE, where
        assert overlapping(seen["labels"]) == [], where
        if (width, scheme) in AXE_MODES:
            assert tab.page.evaluate(AXE) == [], where
            name = timeline.timeline.id
            tab.page.screenshot(path=artefacts / f"{name}-{width}-{scheme}.png")


def front_page(tabs, names: tuple[str, ...], as_of: pendulum.Date, tmp_path) -> Any:
    """The published front page of `names` (every bundled timeline when empty), shown in every
    mode: quiet, no wider than the window, no axe violation. Returns the last tab."""
    publish(tmp_path, FeedStore(names, as_of), "https://example.org/treaties/")
    html = (tmp_path / "index.html").read_text()
    for mode in AXE_MODES:
        tab = tabs[mode]
        tab.show(html)
        tab.check_quiet()
        width = tab.page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
        assert width[0] <= width[1], mode
        assert tab.page.evaluate(AXE) == [], mode
    return tab


def test_the_front_page_in_chromium(tabs, tmp_path):
    tab = front_page(tabs, (), pendulum.date(2019, 1, 17), tmp_path)
    counts = tab.page.evaluate(
        """[...document.querySelectorAll("main section")].map((s) => {
            const days = s.querySelector(".next .days");
            return days ? parseInt(days.textContent) : null; })"""
    )
    assert len(counts) == len(bundled_ids())
    ahead = [count for count in counts if count is not None]
    assert ahead == sorted(ahead) and counts[: len(ahead)] == ahead  # most urgent first, then none
    assert ahead[0] == 16  # the INF compliance deadline, 2019-02-02


def test_the_front_page_with_open_dates_in_chromium(tabs, tmp_path):
    """An open deadline ahead ("at least 227 days") beside INF, as of the fixture's day."""
    ((path, as_of),) = FIXTURES.items()
    tab = front_page(tabs, (path, "inf"), as_of, tmp_path)
    shown = tab.page.evaluate("document.querySelector('#open-web .next').textContent")
    assert shown == (
        "Next deadline: at least 227 days until Second withdrawal takes effect, "
        "not before 2027-07-15 · date open"
    )


FOCUS = """() => {
    const el = document.activeElement, style = getComputedStyle(el), box = el.getBoundingClientRect();
    return {href: el.getAttribute("href"), outline: `${style.outlineStyle} ${style.outlineWidth}`,
            shown: box.width > 0 && box.height > 0 && box.bottom > 0 && box.top < innerHeight};
}"""


def test_the_keyboard_reaches_the_content_and_every_row_with_a_visible_focus(tabs):
    tab = tabs[(375, "dark")]
    timeline, html = page_of("inf")
    tab.show(html)
    tab.page.keyboard.press("Tab")
    skip = tab.page.evaluate(FOCUS)
    assert skip == {"href": "#main", "outline": "solid 3px", "shown": True}
    rows = []
    for _ in range(60):
        tab.page.keyboard.press("Tab")
        focused = tab.page.evaluate(FOCUS)
        assert focused["outline"] == "solid 3px" and focused["shown"], focused
        if (focused["href"] or "").startswith("#e-"):
            rows.append(focused["href"])
        if len(rows) > len(timeline):
            break
    # the countdown's link, then one stop per chart row, in date order
    assert rows[1:] == [f"#e-{event.id}" for event in timeline]


def test_at_360_px_nothing_scrolls_sideways_and_no_labels_overlap(tabs):
    tab = tabs[(375, "light")]
    tab.page.set_viewport_size({"width": 360, "height": 900})
    try:
        for timeline_id in every_page():
            tab.show(page_of(timeline_id)[1])
            seen = tab.page.evaluate(MEASURE)
            assert seen["scrollWidth"] <= seen["clientWidth"] == 360, timeline_id
            assert overlapping(seen["labels"]) == [], timeline_id
    finally:
        tab.page.set_viewport_size({"width": 375, "height": 900})


PRINTED = """() => ({
    subscribe: getComputedStyle(document.querySelector(".subscribe")).display,
    source: getComputedStyle(document.querySelector(".sources a"), "::after").content,
    href: document.querySelector(".sources a").getAttribute("href"),
    rows: document.querySelectorAll(".row").length,
    scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth,
})"""


def test_print_keeps_the_whole_timeline_and_writes_out_source_addresses(tabs):
    tab = tabs[(1280, "light")]
    timeline, html = page_of("inf")
    tab.show(html)
    tab.page.emulate_media(media="print")
    try:
        printed = tab.page.evaluate(PRINTED)
    finally:
        tab.page.emulate_media(media="screen")
    assert printed["subscribe"] == "none"
    assert printed["source"] == f'" ({printed["href"]})"'  # the address, on paper
    assert printed["rows"] == len(timeline)
    assert printed["scrollWidth"] <= printed["clientWidth"]
