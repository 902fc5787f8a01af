"""Writing a file the user owns without ever leaving it half-written.

The new content goes to a temporary file in the same folder (so the final rename
stays on one file system), is flushed and fsynced, and only then replaces the
original with `os.replace`, which is atomic on POSIX and Windows. A full disk,
an exception or a `kill -9` at any moment leaves either the old file or the new
one, byte for byte, never a mix or an empty file.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class AtomicWriteError(Exception):
    """The file could not be written; the original (if any) is unchanged."""


def write_bytes_atomic(path: Path, data: bytes) -> None:
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    try:
        mode = path.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            _write_all(handle, data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException as exc:
        try:
            os.unlink(temporary)
        except FileNotFoundError:
            pass
        if isinstance(exc, OSError):
            raise AtomicWriteError(f"{path}: could not write ({exc.strerror or exc}); the file is unchanged") from None
        raise
    _fsync_folder(folder)


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    write_bytes_atomic(path, text.encode(encoding))


def _write_all(handle, data: bytes) -> None:
    # One call: tests replace this function to make the write slow or fail part-way.
    handle.write(data)


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); harmless where folders cannot be opened."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
