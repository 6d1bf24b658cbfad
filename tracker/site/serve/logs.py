"""Logging for the server that can never block a request: a bounded queue, one writer thread.

A server's standard error may be a pipe that nobody reads (a supervisor that stopped draining
it, `tracker serve 2>&1 | less` left paused). A handler that writes in the request's thread then
blocks every worker once the pipe's buffer is full, and the server stops answering. Here a
request only puts its record on a bounded queue, never waiting: when the queue is full the line
is dropped and counted, and the writer reports the count once it can write again. The writer
uses the file descriptor directly (`os.write`), so a writer stuck on a full pipe holds no Python
buffer lock, and the process can still exit promptly on SIGTERM.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import logging.handlers
import os
import queue
import threading
from collections.abc import Iterator
from typing import IO

# Loggers whose records go to standard error while the server runs: ours and waitress's.
LOGGERS = ("tracker", "waitress")

# Lines held while standard error is not being read: a few MB at most, then lines are dropped.
CAPACITY = 10_000

# How long stopping waits for queued lines to be written; a blocked pipe must not delay exit.
FLUSH_SECONDS = 0.5


class DroppingHandler(logging.handlers.QueueHandler):
    """Puts records on a bounded queue without waiting; counts those that did not fit."""

    def __init__(self, lines: queue.Queue[logging.LogRecord | None]) -> None:
        super().__init__(lines)
        self._counter = itertools.count(1)  # next() is atomic: requests log from many threads
        self.dropped = 0

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            self.dropped = next(self._counter)


class Writer(threading.Thread):
    """Writes queued records, one line each, to a stream's file descriptor (or the stream)."""

    def __init__(
        self,
        lines: queue.Queue[logging.LogRecord | None],
        handler: DroppingHandler,
        stream: IO[str],
    ) -> None:
        super().__init__(name="tracker-log-writer", daemon=True)  # never holds up an exit
        self.lines = lines
        self.handler = handler
        self.stream = stream
        self.reported = 0
        self.formatter = logging.Formatter("%(message)s")

    def run(self) -> None:
        while (record := self.lines.get()) is not None:
            self.write(self.formatter.format(record))
            dropped = self.handler.dropped
            if dropped > self.reported:
                self.write(
                    f"logging: {dropped - self.reported} lines dropped (standard error was "
                    "not read fast enough)"
                )
                self.reported = dropped

    def write(self, line: str) -> None:
        data = (line + "\n").encode("utf-8", "backslashreplace")
        try:
            descriptor = self.stream.fileno()
        except (OSError, ValueError):  # a stream without one (a test's captured output)
            self.stream.write(data.decode("utf-8"))
            self.stream.flush()
            return
        try:
            while data:
                data = data[os.write(descriptor, data) :]
        except OSError:  # standard error closed: nothing to tell anyone
            return


@contextlib.contextmanager
def logging_to(stream: IO[str], capacity: int = CAPACITY) -> Iterator[DroppingHandler]:
    """Send `LOGGERS` to `stream`, one message per line, through a queue that never blocks.

    On exit the loggers are put back as they were, and queued lines get `FLUSH_SECONDS` to be
    written.
    """
    lines: queue.Queue[logging.LogRecord | None] = queue.Queue(capacity)
    handler = DroppingHandler(lines)
    writer = Writer(lines, handler, stream)
    saved = []
    for name in LOGGERS:
        logger = logging.getLogger(name)
        saved.append((logger, logger.level, logger.propagate))
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False
    writer.start()
    try:
        yield handler
    finally:
        for logger, level, propagate in saved:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate
        with contextlib.suppress(queue.Full):  # a full queue: the writer is stuck; leave it
            lines.put_nowait(None)
        writer.join(FLUSH_SECONDS)
