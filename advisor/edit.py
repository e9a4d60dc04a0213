"""Adding a model to a user's catalog file (and imported numbers to an evidence
file), safely.

The new row is validated by the loader's own code before anything is written; the
file is rewritten atomically (a temporary file beside it, fsync, replace) after a
``.bak`` copy of the previous version; every existing byte is kept as it was, the new
row appended in the file's own separator and line ending; and a lock file serialises
concurrent writers so that two ``catalog add`` runs both land.
"""

from __future__ import annotations

import csv
import fcntl
import io
import os
import stat
import tempfile
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from .catalog import ModelInfo, name_key
from .columns import COLUMNS
from .errors import AdvisorError, CsvRows, did_you_mean, printable, read_file, utf8
from .evidence import HEADER, MOST_EVIDENCE_BYTES, bundled_evidence_path
from .loader import (
    MOST_CATALOG_BYTES,
    bundled_catalog_path,
    load_catalog,
    parse,
    read_csv,
    sniff_separator,
)

__all__ = ["add_model", "merge_rows", "write_evidence", "write_atomically",
           "ADD_REQUIRED"]

ADD_REQUIRED = ("name", "model_type", "architecture", "license")


@contextmanager
def _locked(path: Path):
    """An exclusive lock on PATH.lock, opened without following a link."""
    lock = path.with_name(path.name + ".lock")
    try:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
    except OSError as e:
        raise AdvisorError(f"catalog add: cannot lock {lock} ({e.strerror}); it "
                           "must be a file this user may write, not a link or a "
                           "directory") from None
    with os.fdopen(fd, "r+") as f:
        fcntl.flock(f, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(f, fcntl.LOCK_UN)


def _target(path: Path, label: str) -> Path:
    """The file to write: a symlinked catalog's target (written through, the link
    kept); a missing file's folder must exist; a device, a FIFO or a directory is
    refused."""
    real = Path(os.path.realpath(path))
    if not real.parent.is_dir():
        raise AdvisorError(f"catalog add: {label}: the folder {real.parent} does not "
                           "exist")
    if real.exists() and not real.is_file():
        raise AdvisorError(f"catalog add: {label} is not a regular file")
    if not os.access(real.parent, os.W_OK):
        raise AdvisorError(f"catalog add: {label}: the folder {real.parent} is not "
                           "writable")
    return real


def _is_bundled(path: Path) -> bool:
    bundled = bundled_catalog_path().resolve()
    return path.resolve() == bundled or (path.exists() and bundled.exists()
                                          and os.path.samefile(path, bundled))


def _line(values: list[str], sep: str, newline: str) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator=newline).writerow(values)
    return buf.getvalue().encode("utf-8")


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _checked_row(row: dict[str, str], label: str, path: Path) -> dict[str, str]:
    """The row stripped, with known columns and the required values, for a file
    that is not the bundled catalog."""
    unknown = [k for k in row if k not in COLUMNS]
    if unknown:
        raise AdvisorError(f"catalog add: unknown column {unknown[0]!r}; "
                           + did_you_mean(unknown[0], list(COLUMNS)))
    row = {k: ("" if v is None else str(v).strip()) for k, v in row.items()}
    missing = [k for k in ADD_REQUIRED if not row.get(k)]
    if missing:
        raise AdvisorError(f"catalog add: missing {', '.join(missing)}; every model "
                           f"needs {', '.join(ADD_REQUIRED)}")
    if _is_bundled(path):
        raise AdvisorError(f"catalog add: {label} is the bundled catalog, which is "
                           "never written; copy it and add to the copy")
    return row


def _current(path: Path, label: str):
    """(bytes, frame, header, separator, line ending) of the file as it is; a new
    file gets the full header, commas and \\n."""
    import pandas as pd  # only when a file is written
    data = read_file(path, label, MOST_CATALOG_BYTES) if path.exists() else b""
    if not data.strip(b"\xef\xbb\xbf \r\n\t"):
        header = list(COLUMNS)
        return b"", pd.DataFrame(columns=header, dtype=str), header, ",", "\n"
    frame = read_csv(data, label)
    newline = "\r\n" if b"\r\n" in data.split(b"\n", 1)[0] + b"\n" else "\n"
    return data, frame, list(frame.columns), sniff_separator(data), newline


def _new_file_mode() -> int:
    """The mode a new file gets from this process's umask, as ``open`` would give
    it (mkstemp's temporary file is 0600 whatever the umask)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def _write_atomically(path: Path, data: bytes, like: os.stat_result | None) -> None:
    """``data`` written beside ``path`` and renamed over it (a link at ``path`` is
    replaced, never followed), with the mode and owner of ``like``, or for a new
    file the mode the umask gives."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                               suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fchmod(f.fileno(), _new_file_mode() if like is None
                      else stat.S_IMODE(like.st_mode))
            if like is not None:
                try:
                    os.fchown(f.fileno(), like.st_uid, like.st_gid)
                except PermissionError:  # another owner: keep ours
                    pass
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _stale(path: Path) -> None:
    """Remove the temporary files a killed writer of ``path`` (or of its .bak)
    left behind: called under the lock, so no other writer owns one."""
    for name in (path.name, path.name + ".bak"):
        for tmp in path.parent.glob(f".{name}.*.tmp"):
            if tmp.is_file() and not tmp.is_symlink():
                tmp.unlink(missing_ok=True)


def write_atomically(path: Path, data: bytes) -> None:
    """``data`` at ``path``, whole or not at all (a temporary file beside it,
    fsync, rename), keeping an existing file's mode."""
    _write_atomically(path, data, path.stat() if path.exists() else None)
    _fsync_dir(path.parent)


def _replace(path: Path, out: bytes) -> None:
    """Keep a .bak of the file, then write ``out`` beside it and swap it in; both
    atomically, the file's mode and owner kept (and any temporary file a killed
    writer left, removed)."""
    _stale(path)
    like = path.stat() if path.exists() else None
    if like is not None:
        _write_atomically(path.with_name(path.name + ".bak"),
                          read_file(path, str(path), MOST_CATALOG_BYTES), like)
    _write_atomically(path, out, like)
    _fsync_dir(path.parent)


Changes = tuple[dict[str, dict[str, str]], list[dict[str, str]]]


def merge_rows(path: str | Path, changes: Callable[[], Changes], *,
               allow_bundled: bool = False) -> None:
    """Rewrite the catalog CSV at ``path`` (created with the full header if
    missing) with what ``changes()`` returns, called under the lock so that it
    reads the file as this write will find it (two imports planned against the
    same old file appended one model twice): the updates (name -> column ->
    value) made in place, the new rows appended; checked by the loader's own code
    first, then written like ``add_model`` (lock, .bak, atomic replace, mode kept).
    The bundled catalog only with ``allow_bundled`` (a maintainer's refresh)."""
    import pandas as pd  # only when a file is written
    label = printable(str(path))[:200]
    path = _target(Path(path), label)
    if _is_bundled(path) and not allow_bundled:
        raise AdvisorError(f"catalog import: {label} is the bundled catalog, which is "
                           "never written; copy it and import into the copy")
    with _locked(path):
        updates, new = changes()
        if not updates and not new:
            return
        _, frame, header, sep, newline = _current(path, label)
        for row in [*new, *updates.values()]:  # a column the file lacks is added
            header += [c for c in row if c not in header and row[c]]
        frame = frame.reindex(columns=header, fill_value="")
        keys = [name_key(str(n)) for n in frame["name"]] if len(frame) else []
        for name, changes in updates.items():
            i = keys.index(name_key(name))
            for column, value in changes.items():
                frame.loc[i, column] = value
        frame = pd.concat([frame, pd.DataFrame([[r.get(c, "") for c in header]
                                                for r in new], columns=header,
                                               dtype=str)], ignore_index=True)
        parse(frame, label)  # raises, writes nothing
        out = _line(header, sep, newline) + b"".join(
            _line(["" if v is None else str(v) for v in row], sep, newline)
            for row in frame.itertuples(index=False))
        _replace(path, out)


def add_model(path: str | Path, row: dict[str, str]) -> ModelInfo:
    """Append one validated model to the catalog CSV at ``path`` (created with the
    full header if missing) and return it as loaded back from the file."""
    import pandas as pd  # only when a file is written
    label = printable(str(path))[:200]
    path = _target(Path(path), label)
    row = _checked_row(row, label, path)
    with _locked(path):
        data, frame, header, sep, newline = _current(path, label)
        if "origin" in header and not row.get("origin"):
            row["origin"] = "user"
        lost = [k for k, v in row.items() if v and k not in header]
        if lost:
            raise AdvisorError(f"catalog add: {label} has no column {lost[0]!r}; add "
                               "it to the header first, or leave that value out")
        existing = {name_key(str(n)): (i + 1, str(n).strip())
                    for i, n in enumerate(frame["name"])} if "name" in frame else {}
        if name_key(row["name"]) in existing:
            at, spelled = existing[name_key(row["name"])]
            raise AdvisorError(
                f"catalog add: {printable(row['name'])!r} is already in {label} as "
                f"{printable(spelled)!r} (row {at}); names must be unique (ignoring "
                "case, spaces, Unicode forms and lookalike letters)")
        new = pd.DataFrame([[row.get(c, "") for c in header]], columns=header,
                           dtype=str)
        parse(new, f"{label} (new model {row['name']!r})")  # raises, writes nothing
        parse(pd.concat([frame, new], ignore_index=True), label)
        if data and not data.endswith((b"\n", b"\r")):
            data += newline.encode()
        _replace(path, (data or _line(header, sep, newline))
                 + _line([row.get(c, "") for c in header], sep, newline))
    return load_catalog(path)[row["name"]]


def write_evidence(path: str | Path, rows: list[dict[str, str]], *,
                   allow_bundled: bool = False) -> int:
    """Append ``rows`` to the evidence CSV at ``path`` (created with the header if
    missing), each (model, variant, benchmark, value, source) once; atomically,
    the file's mode kept. Returns how many were added."""
    label = printable(str(path))[:200]
    path = _target(Path(path), label)
    if not allow_bundled and (_is_bundled(path) or path.resolve() ==
                              bundled_evidence_path().resolve()):
        raise AdvisorError(f"evidence import: {label} is the bundled evidence, which "
                           "is never written; copy it and import into the copy")
    with _locked(path):
        text = utf8(read_file(path, label, MOST_EVIDENCE_BYTES), label) \
            if path.exists() else ""
        reader = CsvRows(text, label)
        if text and tuple(reader.fieldnames or ())[:len(HEADER)] != HEADER:
            raise AdvisorError(f"{label}: the header must be {', '.join(HEADER)}")
        ident = ("model", "variant", "benchmark", "value", "source")
        have = {tuple(r.get(k, "") for k in ident) for r in reader}
        new = []
        for r in rows:
            k = tuple(r[c] for c in ident)
            if k not in have:
                have.add(k)
                new.append(r)
        if not new:
            return 0
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=list(HEADER), lineterminator="\n")
        if not text:
            w.writeheader()
        w.writerows(new)
        body = text if not text or text.endswith("\n") else text + "\n"
        _replace(path, (body + out.getvalue()).encode("utf-8"))
    return len(new)
