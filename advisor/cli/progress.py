"""A rich progress bar while a large catalog is indexed on a terminal."""

from __future__ import annotations

import sys

__all__ = ["Indexing"]


class Indexing:
    """A context manager giving the loader's ``step`` callback: a rich progress bar
    when the file is large and stderr is a terminal, else a function that does
    nothing."""

    BIG = 20_000_000  # bytes: about 100k rows

    def __init__(self, size: int, steps: int):
        self.on = size >= self.BIG and sys.stderr.isatty()
        self.steps = steps

    def __enter__(self):
        if not self.on:
            return lambda what: None
        from rich.progress import BarColumn, Progress, TimeElapsedColumn
        self.bar = Progress("[progress.description]{task.description}", BarColumn(),
                            TimeElapsedColumn(), transient=True)
        self.bar.start()
        self.task = self.bar.add_task("indexing", total=self.steps)
        self.done = -1

        def step(what: str) -> None:
            self.done += 1
            self.bar.update(self.task, completed=self.done,
                            description=f"indexing: {what}")
        return step

    def __exit__(self, *exc):
        if self.on:
            self.bar.stop()
        return False
