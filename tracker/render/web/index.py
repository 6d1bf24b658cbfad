"""The front page of the feeds: one block per timeline, its next deadline and the links that
subscribe to it.

A feed is only useful subscribed, and each calendar wants the address its own way: Apple Calendar,
Outlook and Thunderbird open `webcal://` links; Google Calendar takes a webcal address in its
"add by URL" link (`https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F...`; an http(s)
address there is taken for an e-mail address and refused); anything else takes the plain URL,
pasted. The page is plain HTML, no script, so it works from a static host as well as the server;
it leads with each timeline's next deadline, most urgent first, since that is what readers come for.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

from events.resolved import ResolvedEvent, ResolvedTimeline
from events.select import upcoming_deadlines
from tracker.render.web.env import render

GOOGLE_ADD_BY_URL = "https://calendar.google.com/calendar/r?cid="


@dataclass(frozen=True, slots=True)
class Deadline:
    """A timeline's next deadline as the front page shows it: days to its earliest and latest
    possible day (equal unless the date is vague). For a date still `open`, `date` is its
    lower bound ("2026-01-15") and the days count to it: "at least N days" while it is ahead,
    none once it has come (`undecided`)."""

    event_id: str
    title: str
    date: str
    approximate: bool
    days: int
    days_latest: int
    open: bool = False
    running: bool = False
    """A span under way: `date` is its end and the days count to it ("N days left of")."""

    @property
    def undecided(self) -> bool:
        """An open date whose earliest day has come: no count, it may fall any day."""
        return self.open and self.days <= 0


@dataclass(frozen=True, slots=True)
class Listing:
    """What an index page says about one timeline: its title and the files it is served as.

    Plain data, defined here with the page that reads it, so the renderer needs nothing from the
    application that serves or publishes it."""

    timeline_id: str
    title: str
    description: str | None
    files: tuple[str, ...]
    deadline: Deadline | None = None


def base_url(text: str) -> str:
    """An absolute http(s) URL ending in "/" under which the files are published.

    >>> base_url("https://example.org/feeds")
    'https://example.org/feeds/'
    """
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        raise ValueError(f"{text!r} is not an http(s) URL like https://example.org/feeds/")
    return text if text.endswith("/") else f"{text}/"


def webcal(url: str) -> str:
    """The subscribe form of a feed URL: calendar apps open webcal:// links as subscriptions.

    >>> webcal("https://example.org/inf.ics")
    'webcal://example.org/inf.ics'
    """
    return "webcal://" + url.split("://", 1)[1]


def google_link(url: str) -> str:
    """Google Calendar's "add by URL" link for a feed URL."""
    return GOOGLE_ADD_BY_URL + quote(webcal(url), safe="")


@dataclass(frozen=True, slots=True)
class Links:
    """The ways to follow one timeline's feed: `webcal` and `google` only with a base address
    (a calendar cannot subscribe to a relative link), `feed` and `json` always."""

    feed: str
    json: str
    page: str
    webcal: str | None
    google: str | None


def feed_links(timeline_id: str, base: str | None) -> Links:
    """The links of a timeline's files under `base`, or relative ones without it.

    >>> feed_links("inf", "https://example.org/t/").webcal
    'webcal://example.org/t/inf.ics'
    """
    feed, json, page = (
        (base or "") + quote(f"{timeline_id}.{ext}") for ext in ("ics", "json", "html")
    )
    if base is None:
        return Links(feed, json, page, None, None)
    return Links(feed, json, page, webcal(feed), google_link(feed))


def next_to_count(timeline: ResolvedTimeline) -> ResolvedEvent | None:
    """The deadline a countdown counts to: the first of `upcoming_deadlines`, which lists an open
    date whose earliest day has come after every other, because a countdown is for a day one can
    count to; only when nothing else is ahead does the countdown say the next deadline is open."""
    upcoming = upcoming_deadlines([timeline])
    return upcoming[0][1] if upcoming else None


def next_deadline(timeline: ResolvedTimeline) -> Deadline | None:
    """The deadline a countdown counts to as of the timeline's day, for the front page."""
    event = next_to_count(timeline)
    if event is None:
        return None
    as_of = timeline.as_of
    if event.open:
        bound = event.counted.lower_bound
        days = event.days_until(as_of)
        return Deadline(
            event.id, event.event.title, bound.label, bound.approximate, days, days, open=True
        )
    counted = event.counted  # the end of a span under way, as `until` counts it
    return Deadline(
        event.id,
        event.event.title,
        counted.label,
        counted.approximate,
        event.days_until(as_of),
        event.days_until_latest(as_of),
        running=event.running,
    )


def _urgency(listing: Listing) -> tuple[int, int]:
    """Most urgent first: days to the next deadline, then open ones with no day to count to
    (as `next_to_count` orders a timeline's own), then timelines with none ahead."""
    deadline = listing.deadline
    if deadline is None:
        return (2, 0)
    if deadline.undecided:
        return (1, deadline.days)
    return (0, deadline.days)


def render_index(listings: Sequence[Listing], base: str | None) -> bytes:
    """The front page for `listings`, most urgent deadline first, with absolute subscribe links
    under `base`.

    Without a base (a `publish` with no `--base-url`) the links are relative: downloads work, but
    webcal and Google links cannot be made, and the page says so.
    """
    order = sorted(listings, key=_urgency)
    return render(
        "index.html.j2",
        base=base,
        listings=[(item, feed_links(item.timeline_id, base)) for item in order],
    )
