"""The HTTP feed server: a WSGI application over a `FeedStore`, and the servers that run it.

- `app`: the application (`make_app` for any WSGI server), werkzeug for HTTP's mechanics;
- `access`: the access log, one line per request;
- `logs`: logging through a queue that never blocks a request;
- `guarded`: waitress, hardened against slow and idle clients;
- `server`: `tracker serve`'s server, and a clean stop on SIGINT or SIGTERM.

    gunicorn 'tracker.site.serve:make_app(["inf"])'
"""

from tracker.site.serve.app import FeedApp, make_app

__all__ = ["FeedApp", "make_app"]
