"""The index page of the feeds: one block per timeline with the links that subscribe to it.

A feed is only useful subscribed, and each calendar wants the address its own way: Apple Calendar,
Outlook and Thunderbird open `webcal://` links; Google Calendar takes a webcal address in its
"add by URL" link (`https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F...`; an http(s)
address there is taken for an e-mail address and refused); anything else takes the plain URL,
pasted. The page is plain HTML, no script, so it works from a static host as well as the server.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote, urlsplit

GOOGLE_ADD_BY_URL = "https://calendar.google.com/calendar/r?cid="


@dataclass(frozen=True, slots=True)
class Listing:
    """What an index page says about one timeline: its title and the files it is served as.

    Plain data, defined here with the page that reads it, so the renderer needs nothing from the
    application that serves or publishes it."""

    timeline_id: str
    title: str
    description: str | None
    files: tuple[str, ...]


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


def render_index(listings: Sequence[Listing], base: str | None) -> bytes:
    """The page for `listings`, with absolute subscribe links under `base`.

    Without a base (a `publish` with no `--base-url`) the links are relative: downloads work, but
    webcal and Google links cannot be made, and the page says so.
    """
    blocks = [_block(listing, base) for listing in listings]
    note = (
        ""
        if base
        else "<p>Subscribe links need the address these files are served from: "
        "<code>tracker publish DIR --base-url URL</code>.</p>\n"
    )
    page = (
        "<!doctype html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Treaty timeline feeds</title>\n</head>\n<body>\n"
        "<h1>Treaty timeline feeds</h1>\n"
        f"{note}{''.join(blocks)}"
        "<p>Made by withdrawal-tracker. Calendars refresh subscriptions on their own schedule "
        "(Google: every few hours to a day).</p>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _block(listing: Listing, base: str | None) -> str:
    parts = [f'<section id="{_h(listing.timeline_id)}">\n<h2>{_h(listing.title)}</h2>\n']
    if listing.description:
        parts.append(f"<p>{_h(listing.description)}</p>\n")
    parts.append("<ul>\n")
    for name in listing.files:
        url = (base or "") + quote(name)
        if name.endswith(".ics") and base:
            parts.append(
                f'<li><a href="{_h(webcal(url))}">Subscribe (Apple Calendar, Outlook, '
                f'Thunderbird)</a> · <a href="{_h(google_link(url))}">Add to Google Calendar</a>'
                f" · feed address: <code>{_h(url)}</code></li>\n"
            )
        parts.append(f'<li><a href="{_h(url)}">{_h(name)}</a></li>\n')
    parts.append("</ul>\n</section>\n")
    return "".join(parts)


def _h(text: str) -> str:
    return escape(text, quote=True)
