"""`tracker check --sources`: does every pending date rest on a primary source?

A deadline the tool counts down to is only as good as the record behind it. Primary means the act
itself, published by whoever performed or received it: a depositary (the UN Treaty Collection, a
treaty secretariat), a government, a court, an official gazette. Whether a source is one is
decided in one place, here: its host is in `PRIMARY_HOSTS` (or is a government domain such as
state.gov, gov.pl or gob.ni) and the source is not marked `secondary` (a news report that happens
to sit on an official host, or a reprint of a gazette on a publisher's site, is not).

What a date rests on: its own sources and those of its revisions in force; for a derived date,
also the sources of every event its rule reads and of the clause it cites, since the day is only
as sure as its inputs. Three findings, of which only the first fails the check:

- a pending event (projected, scheduled, running, open or unconfirmed) that rests on no primary
  source: the countdown would stand on reports alone;
- a pending derived event one of whose inputs has no primary source of its own, a weaker link
  worth knowing about;
- a source whose title is its address, and a date that rests on no source at all.

A date given as open whose earliest day has passed (`2025-09-22/..`: a notice nobody has seen) is
not a pending date but the absence of one: nothing is on record to source, so it is reported as
a warning, never a failure. So is a suspension in force until lifted: its start has passed and
its end is not on record, so there is no date ahead to count to; a start that rests on reports
alone is a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from events.model import Source, Status
from events.resolved import ResolvedEvent, ResolvedTimeline

PENDING: frozenset[Status] = frozenset({"projected", "scheduled", "running", "open", "unconfirmed"})

PRIMARY_HOSTS = (
    # depositaries, treaty bodies and their secretariats
    "un.org",
    "unfccc.int",
    "who.int",
    "unesco.org",
    "ilo.org",
    "iom.int",
    "fao.org",
    "iaea.org",
    "opcw.org",
    "icc-cpi.int",
    "icsid.worldbank.org",
    "energycharter.org",
    "coe.int",
    "europa.eu",
    "nato.int",
    "osce.org",
    "oas.org",
    "iwc.int",
    "opec.org",
    "wto.org",
    "icao.int",
    # courts
    "icj-cij.org",
    "corteidh.or.cr",
    # governments whose domains carry no "gov" label
    "kremlin.ru",
    "mid.ru",
    "government.ru",
    "admin.ch",
    "overheid.nl",
    "verdragen.nl",
    "government.nl",
    "bundesregierung.de",
    "auswaertiges-amt.de",
    "diplomatie.gouv.fr",
    "parlamento.pt",
    "boe.es",
    "sejm.gov.pl",
    "dziennikustaw.gov.pl",
    "legislation.gov.uk",
    "mofa.go.jp",
    "um.fi",
    "regeringen.se",
    "lrv.lt",
    "mfa.lt",
    "mfa.ee",
    "mfa.gov.lv",
)
"""Hosts (and their subdomains) whose sources are primary unless marked `secondary`."""

_GOVERNMENT_LABELS = frozenset({"gov", "gob", "gouv", "govt", "go", "mil", "gv"})
"""A label that marks a government domain when last or next to last: state.gov, gov.pl,
mfa.gov.tr, cancilleria.gob.ni, elysee.gouv.fr, mofa.go.jp."""


def is_primary(source: Source) -> bool:
    """Whether a source counts as primary: an official host, and not marked secondary.

    >>> is_primary(Source("Note to correspondents", "https://www.un.org/sg/en/content/x"))
    True
    >>> is_primary(Source("Report quoting the UN", "https://www.un.org/x", secondary=True))
    False
    >>> is_primary(Source("Dz.U. 2025 poz. 1514", "https://isap.sejm.gov.pl/isap.nsf/x"))
    True
    >>> is_primary(Source("TASS", "https://tass.com/world/1"))
    False
    """
    if source.secondary or not source.url:
        return False
    host = (urlsplit(source.url).hostname or "").lower()
    labels = host.split(".")
    if _GOVERNMENT_LABELS.intersection(labels[-2:]):
        return True
    return any(host == known or host.endswith(f".{known}") for known in PRIMARY_HOSTS)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the audit found, about one event (or None for the timeline)."""

    event_id: str | None
    message: str
    fails: bool = False


ClauseSources = Callable[[str], tuple[Source, ...]]
"""The sources of a clause by the id an event cites it by."""


def audit(resolved: ResolvedTimeline, clause_sources: ClauseSources) -> list[Finding]:
    """Every finding for one timeline as resolved on its as-of day, in the file's order."""
    by_id = {event.id: event for event in resolved}
    rests: dict[str, tuple[Source, ...]] = {}

    def rests_on(event: ResolvedEvent, seen: frozenset[str] = frozenset()) -> tuple[Source, ...]:
        if event.id not in rests:
            found = list(own_sources(event))
            if event.event.clause is not None and event.derived:
                found += clause_sources(event.event.clause)
            for name in inputs(event):
                if name in by_id and name not in seen:
                    found += rests_on(by_id[name], seen | {event.id})
            rests[event.id] = tuple(found)
        return rests[event.id]

    findings: list[Finding] = []
    for event in resolved:
        findings += [
            Finding(event.id, f"source {s.url!r} has its address as its title")
            for s in own_sources(event)
            if s.url and s.title.strip() == s.url
        ]
        if not rests_on(event):
            findings.append(Finding(event.id, f"{event.span_label} rests on no source"))
        if event.status not in PENDING:
            continue
        if nothing_on_record(event):
            findings.append(
                Finding(
                    event.id,
                    f"open ({event.span_label}): nothing on record "
                    "yet, not audited as a pending date",
                )
            )
            continue
        primary = any(is_primary(s) for s in rests_on(event))
        if not primary and event.suspended and event.end is not None and event.end.open:
            findings.append(
                Finding(
                    event.id,
                    f"suspended since {event.date.label}, until "
                    "lifted: no date ahead; its start rests on no primary source",
                )
            )
            continue
        if not primary:
            findings.append(
                Finding(
                    event.id,
                    f"{event.status} ({event.span_label}) rests on no primary source",
                    fails=True,
                )
            )
            continue
        weak = [
            name
            for name in inputs(event)
            if name in by_id
            and not by_id[name].derived
            and not any(is_primary(s) for s in own_sources(by_id[name]))
        ]
        findings += [
            Finding(
                event.id,
                f"{event.status} ({event.span_label}) is derived from "
                f"{name!r}, which has no primary source of its own",
            )
            for name in weak
        ]
    return findings


def nothing_on_record(event: ResolvedEvent) -> bool:
    """A date given (not derived) as open, whose earliest day has come (that is what the status
    `open` says): no day is on record."""
    return event.status == "open" and not event.derived


def own_sources(event: ResolvedEvent) -> tuple[Source, ...]:
    """The event's sources and those of its revisions in force."""
    return event.event.sources + tuple(s for r in event.revisions for s in r.sources)


def inputs(event: ResolvedEvent) -> list[str]:
    """The ids of the events the date (and end) in force read, in the order written."""
    names: list[str] = []
    for expression in (event.expression, event.end_expression):
        if expression is not None:
            names += [r.event_id for r in expression.references if r.event_id not in names]
    return names
