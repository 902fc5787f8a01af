"""--changed-since: which URLs does this change add?

The data as it was at REF is read straight from git (`git archive`, so the
working tree is never touched) into a temporary folder and loaded with the
normal loader. If that old data no longer validates with today's model, every
http(s) URL written in its files counts as known instead; a URL is checked
when it is in the current data and not in REF's.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from pathlib import Path

from macros.model.load import collect

URL_IN_TEXT = re.compile(r"https?://[^\s\"'<>]+")


class GitError(Exception):
    pass


def _git(cwd: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed") from None
    if done.returncode != 0:
        raise GitError(done.stderr.decode(errors="replace").strip() or f"git {' '.join(args)} failed")
    return done.stdout


def urls_at(ref: str, data_dir: Path) -> set[str]:
    """Every URL the data held at git revision `ref` (empty if data/ did not exist then)."""
    data_dir = Path(data_dir).resolve()
    if not data_dir.is_dir():
        raise GitError(f"{data_dir} is not a folder")
    top = Path(_git(data_dir, "rev-parse", "--show-toplevel").decode().strip())
    try:
        _git(top, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    except GitError:
        raise GitError(
            f"unknown git revision {ref!r} (for a pull request, fetch it first: git fetch origin main)"
        ) from None
    relative = data_dir.relative_to(top).as_posix()
    if not _git(top, "ls-tree", "--name-only", ref, "--", relative).strip():
        return set()
    archive = _git(top, "archive", "--format=tar", ref, "--", relative)
    with tempfile.TemporaryDirectory(prefix="roadmap-links-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(tmp, filter="data")
        old_data = Path(tmp) / relative
        roadmap, _errors = collect(old_data)
        if roadmap is not None:
            return {use.url for use in roadmap.url_uses()}
        found: set[str] = set()
        for path in old_data.rglob("*.yaml"):
            found.update(URL_IN_TEXT.findall(path.read_text(encoding="utf-8", errors="replace")))
        return found
