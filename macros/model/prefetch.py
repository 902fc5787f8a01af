"""Parse the data files in a second process while this one is still importing the model.

`roadmap validate` spends its first part importing click, pydantic and the model, and then
parses every YAML file under data/ (the English data and every translation), one after the
other. On a machine with a second core the parsing need not wait for the imports:
`start(data_dir)` forks a child that reads and parses the files exactly as the loaders will
(macros.model.yaml_reader: the same limits, no link followed, the same parser), and sends all
the results back through a pipe at once. `yaml_reader.parse_yaml` then takes the child's
result for a text the child parsed, once, instead of parsing that text again.

Nothing the loaders check changes: they still read every file themselves (`read_text` with all
its refusals), and a result is used only for the very same text; `parse_yaml` depends on
nothing else (the file's name is put back into the line map and the errors). A text the child
did not parse, or any failure of the child, means the text is parsed here, as without a child.
The child is a fork of this process running only this module, so its results are as trusted as
the process's own. Only where `os.fork` exists and no other thread runs (forking a threaded
process can copy a lock some other thread holds), and by default only when a processor is idle
(fewer runnable tasks than processors): on a busy machine a second process takes time from the
first rather than from idle time. The child is reaped when its results are
read, when `start` runs again, and at exit.
"""

from __future__ import annotations

import atexit
import dataclasses
import os
import pickle
import signal
import sys
from pathlib import Path

from macros.model import yaml_reader

# Bounds on what the child reads: the data needs a few hundred files at depth 2 or 3
# (data/skills/x.yaml, data/i18n/pt-BR/skills/x.yaml); anything beyond is parsed by the loaders.
MAX_FILES = 5_000
MAX_DEPTH = 4
MAX_TOTAL_BYTES = 32 * 1_048_576  # the child stops reading after this much text
WAIT_SECONDS = 10.0  # a child slower than this is given up on, and its files parsed here

Result = tuple  # ("ok", data, lines, problems) or ("error", DataError), made with the display name ""


class _Prefetch:
    """One child's results: parse results by the text they were made from."""

    def __init__(self, pid: int, read_end: int):
        self.pid = pid
        self.read_end: int | None = read_end
        self.results: dict[str, Result] = {}

    def _receive(self) -> None:
        """Read the child's one message (all its results) the first time one is asked for."""
        if self.read_end is None:
            return
        chunks: list[bytes] = []
        try:
            import select

            while True:
                ready, _, _ = select.select([self.read_end], [], [], WAIT_SECONDS)
                if not ready:  # too slow: parse here instead
                    chunks = []
                    break
                chunk = os.read(self.read_end, 1 << 20)
                if not chunk:
                    break
                chunks.append(chunk)
        except OSError:
            chunks = []
        finally:
            os.close(self.read_end)
            self.read_end = None
            self.stop()
        try:
            results = pickle.loads(b"".join(chunks)) if chunks else {}
        except Exception:  # a child cut short: nothing of it is used
            results = {}
        if isinstance(results, dict):
            self.results = results

    def take(self, text: str, display: str) -> tuple[object, yaml_reader.SourceMap, list[yaml_reader.DataError]] | None:
        """The child's result for `text` under the name `display` (raises YamlFileError as
        parse_yaml would), or None when the child did not parse this text."""
        self._receive()
        result = self.results.pop(text, None)
        if result is None:
            return None
        if result[0] == "error":
            raise yaml_reader.YamlFileError(dataclasses.replace(result[1], file=display))
        _ok, data, lines, problems = result
        source = yaml_reader.SourceMap(display, lines)
        return data, source, [dataclasses.replace(problem, file=display) for problem in problems]

    def stop(self) -> None:
        """End and reap the child (it may be blocked writing to a pipe nobody reads)."""
        if self.read_end is not None:
            os.close(self.read_end)
            self.read_end = None
        if self.pid:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:
                pass
            try:
                os.waitpid(self.pid, 0)
            except OSError:
                pass
            self.pid = 0


def _files(data_dir: Path) -> list[Path]:
    """The .yaml files under data_dir, without following links, in reading order."""
    found: list[Path] = []
    if data_dir.is_symlink():  # refused by the loader: nothing behind it is read
        return found
    pending = [(data_dir, 0)]
    while pending and len(found) < MAX_FILES:
        folder, depth = pending.pop(0)
        try:
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda entry: entry.name)
        except OSError:
            continue
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if depth + 1 < MAX_DEPTH:
                    pending.append((Path(entry.path), depth + 1))
            elif entry.name.endswith(".yaml") and entry.is_file(follow_symlinks=False):
                found.append(Path(entry.path))
    return found[:MAX_FILES]


def _parse_all(data_dir: Path) -> dict[str, Result]:
    results: dict[str, Result] = {}
    total = 0
    for path in _files(data_dir):
        try:
            text = yaml_reader.read_text(path, "")
        except yaml_reader.YamlFileError:
            continue  # the loader reports it when it reads the file itself
        total += len(text)
        if total > MAX_TOTAL_BYTES:
            break
        if text in results:
            continue
        try:
            data, source, problems = yaml_reader.parse_yaml(text, "")
            results[text] = ("ok", data, source.lines, problems)
        except yaml_reader.YamlFileError as exc:
            results[text] = ("error", exc.error)
    return results


def _child(data_dir: Path, write_end: int) -> None:
    """Parse everything, send it as one message, and leave without running the parent's exit code."""
    code = 0
    try:
        message = pickle.dumps(_parse_all(data_dir), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(message)
        while view:
            view = view[os.write(write_end, view) :]
    except BaseException:  # noqa: B036 - whatever happens, the parent parses for itself
        code = 1
    finally:
        os._exit(code)


_current: _Prefetch | None = None


def _idle_processor() -> bool:
    """Whether a processor is free for the child right now: fewer runnable tasks (this process
    among them) than processors, as Linux counts them in /proc/loadavg ("2/345": running/all).
    Where that cannot be read, the answer is yes."""
    try:
        running = int(Path("/proc/loadavg").read_text().split()[3].split("/")[0])
    except (OSError, ValueError, IndexError):
        return True
    return running < (os.cpu_count() or 1)


def start(data_dir: Path, only_if_idle: bool = True) -> None:
    """Fork a child that parses every data file under data_dir; parse_yaml uses its results.
    Does nothing without os.fork, while other threads run, or (only_if_idle) on a busy machine."""
    global _current
    stop()
    threading = sys.modules.get("threading")
    if not hasattr(os, "fork") or (threading is not None and threading.active_count() > 1):
        return
    if only_if_idle and not _idle_processor():
        return
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:
        os.close(read_end)
        os.close(write_end)
        return
    if pid == 0:  # the child
        os.close(read_end)
        _child(Path(data_dir), write_end)
    os.close(write_end)
    _current = _Prefetch(pid, read_end)
    yaml_reader.prefetched = _current.take


def stop() -> None:
    """Forget the results and reap the child, if any."""
    global _current
    yaml_reader.prefetched = None
    if _current is not None:
        _current.stop()
        _current = None


atexit.register(stop)
