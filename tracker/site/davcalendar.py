"""One CalDAV calendar collection, read and written for `tracker sync`: the only module that
imports caldav (python-caldav, the `[caldav]` extra).

python-caldav speaks the protocol (authentication, the calendar-query REPORT that lists the
events with their ETags, parsing what the server stores); the writes are single PUTs and DELETEs
with the preconditions a sync needs, sent through its client: If-None-Match: * when creating, so
an event someone else made meanwhile is never overwritten, and If-Match with the ETag read when
replacing or deleting, so an event changed meanwhile is refused (412) instead of lost.
Every failure of the server or the network becomes one `SyncFailed` line.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from tracker.errors import SyncFailed
from tracker.site.sync import HASH, TIMELINE, Step, Stored, Target

try:
    from caldav.davclient import DAVClient  # not `caldav.DAVClient`: a lazy name mypy cannot see
    from caldav.lib import error as dav_error
except ImportError as exc:  # the [caldav] extra is not installed
    raise SyncFailed(
        "tracker sync needs python-caldav: pip install 'withdrawal-tracker[caldav]'"
    ) from exc

ICALENDAR = {"Content-Type": "text/calendar; charset=utf-8"}
TIMEOUT = 30  # seconds: a server that does not answer in this long is reported, not waited on
_WRITTEN = (200, 201, 204)


class DavCalendar:
    """The calendar collection at `target.url`; one HTTP session, reused by every sync of a
    `--watch`."""

    def __init__(self, target: Target, timeout: int = TIMEOUT) -> None:
        self.url = target.url if target.url.endswith("/") else target.url + "/"
        self._host = urlsplit(self.url).netloc
        self._client = DAVClient(
            url=self.url, username=target.username, password=target.password, timeout=timeout
        )
        # caldav leaves `calendar` unannotated; it makes no request (the listing does)
        self._calendar = self._client.calendar(url=self.url)  # type: ignore[no-untyped-call]

    def stored(self) -> list[Stored]:
        """Every event in the calendar; ours carry their timeline and hash, others None."""
        with self._failures("cannot list its events"):
            found = self._calendar.get_events()
        return [event for event in map(self._stored, found) if event is not None]

    def apply(self, step: Step) -> None:
        """Carry out one step: one PUT or DELETE, whole, or SyncFailed."""
        if step.action == "unchanged":
            return
        if step.action == "delete":
            assert step.stored is not None
            self._request("DELETE", step.uid, step.stored.url, b"", _if_match(step.stored))
            return
        assert step.wanted is not None
        if step.stored is None:
            url = urljoin(self.url, quote(step.uid, safe="") + ".ics")
            headers = {"If-None-Match": "*"}
        else:
            url, headers = step.stored.url, _if_match(step.stored)
        self._request("PUT", step.uid, url, step.wanted.body, headers | ICALENDAR)

    def close(self) -> None:
        self._client.close()

    def _stored(self, found: Any) -> Stored | None:
        try:
            component = found.icalendar_component
        except Exception:  # an object its own server cannot parse: not ours, so never touched
            return None
        uid = component.get("UID")
        if uid is None:
            return None
        timeline, digest = component.get(TIMELINE), component.get(HASH)
        return Stored(
            str(uid),
            str(found.url),
            found.etag,
            None if timeline is None else str(timeline),
            None if digest is None else str(digest),
        )

    def _request(
        self, method: str, uid: str, url: str, body: bytes, headers: dict[str, str]
    ) -> None:
        with self._failures(f"cannot write {uid}"):
            answer = self._client.request(url, method, body.decode("utf-8"), headers)
        status = answer.status
        if status in _WRITTEN or (method == "DELETE" and status == 404):  # gone already: done
            return
        if status == 412:
            raise SyncFailed(
                f"{uid}: changed on the server since this sync read it (412 Precondition "
                "Failed); run tracker sync again"
            )
        if status in (401, 403):
            raise SyncFailed(f"{self._host}: {_refused(status, answer.reason)}")
        raise SyncFailed(f"{uid}: the server refused it ({status} {answer.reason})".rstrip())

    @contextmanager
    def _failures(self, doing: str) -> Iterator[None]:
        """caldav's and the network's exceptions, as one line naming the server."""
        try:
            yield
        except dav_error.AuthorizationError as exc:
            raise SyncFailed(f"{self._host}: {_refused(exc.status, exc.reason)}") from None
        except dav_error.NotFoundError:
            raise SyncFailed(f"{self.url}: no calendar collection there (404)") from None
        except dav_error.DAVError as exc:
            raise SyncFailed(
                f"{self._host}: {doing} ({type(exc).__name__}: {exc.reason})"
            ) from None
        except OSError as exc:  # niquests' ConnectionError and Timeout are OSErrors
            raise SyncFailed(f"{self._host}: cannot reach the server ({_cause(exc)})") from None


def _if_match(stored: Stored) -> dict[str, str]:
    """If-Match with the ETag read, when it is a strong one (a weak one never matches)."""
    if stored.etag and not stored.etag.startswith("W/"):
        return {"If-Match": stored.etag}
    return {}


def _refused(status: int | None, reason: str | None) -> str:
    code = f"{status} {reason or ''}".strip() if status else reason or "refused"
    return (
        f"the server refused the credentials ({code}); check the user name and password "
        "(~/.netrc, or $TRACKER_CALDAV_USER and $TRACKER_CALDAV_PASSWORD)"
    )


def _cause(exc: BaseException) -> str:
    """The innermost reason a connection failed ("Connection refused"), not urllib3's essay."""
    while True:
        strerror = getattr(exc, "strerror", None)
        if strerror:
            return str(strerror)
        inner = exc.__cause__ or exc.__context__
        if inner is None:
            return type(exc).__name__
        exc = inner
