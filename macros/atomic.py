"""Writing a file the user owns without ever leaving it half-written.

The new content goes to a temporary file in the same folder (so the final rename
stays on one file system), is flushed and fsynced, and only then replaces the
original with `os.replace`, which is atomic on POSIX and Windows. A full disk,
an exception or a `kill -9` at any moment leaves either the old file or the new
one, byte for byte, never a mix or an empty file.

The temporary file is named `.<name>.<random>.tmp`: hidden, and not ending in the
target's suffix, so the data loader (which skips hidden files) never reads one.
Every failure Python can see removes it; only a `kill -9` or a power cut in the
middle of a write can leave one behind, next to the untouched original.
"""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

TEMP_SUFFIX = ".tmp"


class AtomicWriteError(Exception):
    """The file could not be written; the original (if any) is unchanged.

    `str(error)` is one line for the terminal: "<path>: could not write (<reason>); …".
    """

    def __init__(self, path: Path, reason: str, existed: bool = True):
        self.path = Path(path)
        self.reason = reason
        outcome = "the file is unchanged" if existed else "nothing was written"
        super().__init__(f"{path}: could not write ({reason}); {outcome}")


def temporary_prefix(path: Path) -> str:
    """Start of the name of the temporary file that stands in for `path` while it is written."""
    return f".{Path(path).name}."


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Replace `path` with `data` all at once, or raise AtomicWriteError leaving it as it was."""
    shown = Path(path)
    target = Path(os.path.realpath(shown)) if shown.is_symlink() else shown  # keep the link, replace what it names
    folder = target.parent
    try:
        existing = target.stat()
    except FileNotFoundError:
        existing = None
    except OSError as exc:
        raise AtomicWriteError(shown, _reason(exc)) from None
    if existing is not None and not os.access(target, os.W_OK):
        raise AtomicWriteError(shown, "permission denied: the file is read-only")
    try:
        descriptor, temporary = tempfile.mkstemp(dir=folder, prefix=temporary_prefix(target), suffix=TEMP_SUFFIX)
    except OSError as exc:
        raise AtomicWriteError(shown, _reason(exc), existed=existing is not None) from None
    try:
        with os.fdopen(descriptor, "wb") as handle:
            _write_all(handle, data)
            handle.flush()
            _fsync(handle.fileno())
        _copy_permissions(temporary, existing)
        os.replace(temporary, target)
    except BaseException as exc:  # KeyboardInterrupt too: never leave the temporary file behind
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(exc, OSError):
            raise AtomicWriteError(shown, _reason(exc), existed=existing is not None) from None
        raise
    _fsync_folder(folder)


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8") -> None:
    """`write_bytes_atomic` for text (written as is: "\\n" stays "\\n" on every platform)."""
    write_bytes_atomic(path, text.encode(encoding))


def _write_all(handle, data: bytes) -> None:
    # One call: tests replace this function to make the write slow or fail part-way.
    handle.write(data)


def _reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "no space left on the device"
    return (exc.strerror or str(exc) or type(exc).__name__).rstrip(".")


def _fsync(descriptor: int) -> None:
    try:
        os.fsync(descriptor)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):  # file systems without fsync: the data is written anyway
            raise


def _copy_permissions(temporary: str, existing: os.stat_result | None) -> None:
    """The new file gets the old one's mode (and owner, where allowed); a new file gets the usual 0o666 - umask."""
    if existing is None:
        os.chmod(temporary, 0o666 & ~_umask())
        return
    os.chmod(temporary, existing.st_mode & 0o7777)
    if hasattr(os, "chown") and (existing.st_uid, existing.st_gid) != _owner(temporary):
        try:
            os.chown(temporary, existing.st_uid, existing.st_gid)
        except OSError:
            pass  # only root may give a file away; the content is what matters


def _owner(path: str) -> tuple[int, int]:
    info = os.stat(path)
    return info.st_uid, info.st_gid


def _umask() -> int:
    """The process umask, read without changing it where the system allows (Linux), so threads are not disturbed."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    current = os.umask(0o022)
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
