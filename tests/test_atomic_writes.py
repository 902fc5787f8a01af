"""Commands that write a file the user owns never leave it half-written.

`roadmap add resource`, `roadmap schemas` and `roadmap pdf` write through macros.atomic:
a temporary file in the same folder, flushed and fsynced, then `os.replace`. A full disk
leaves the original byte for byte, no temporary file and one line of error; a `kill -9`
in the middle of the write leaves the original byte for byte and at most one hidden
`.<name>.<random>.tmp` orphan, which the data loader never reads.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import FIXTURE_DATA, ROOT

from macros import atomic, cli
from macros.model.load import collect

TARGET = Path("data") / "skills" / "linear-algebra.yaml"
ADD = [
    "--data",
    "data",
    "add",
    "resource",
    "--skill",
    "linear-algebra",
    "--url",
    "https://example.org/la/course",
    "--title",
    "A linear algebra course",
    "--type",
    "course",
    "--level",
    "intermediate",
    "--free",
]


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    shutil.copytree(FIXTURE_DATA, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`, hidden ones included, with its bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def full_disk_after(fraction: float = 0.5, calls: list | None = None):
    """A stand-in for atomic._write_all: writes part of the data to the real file, then the disk is full."""

    def write(handle, data: bytes) -> None:
        if calls is not None:
            calls.append(len(data))
        handle.write(data[: max(1, int(len(data) * fraction))])
        handle.flush()
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write


# -- roadmap add resource -----------------------------------------------------------------


def test_add_resource_on_a_full_disk_leaves_the_file_intact(workdir, monkeypatch, capsys):
    before = tree(workdir / "data")
    calls: list[int] = []
    monkeypatch.setattr(atomic, "_write_all", full_disk_after(0.5, calls))

    code = cli.main(ADD)

    out, err = capsys.readouterr()
    assert calls, "the command did not write through macros.atomic"
    assert code == 1
    assert out == ""
    assert err == f"{TARGET.as_posix()}: could not write (no space left on the device); the file is unchanged\n"
    assert "Traceback" not in err
    assert tree(workdir / "data") == before  # byte for byte, and no temporary file left anywhere


def test_putting_back_an_invalid_result_is_atomic_too(workdir, monkeypatch, capsys):
    """The entry is written, fails validation, and the disk is full when the original goes back:
    the file is complete (the new text, never cut short) and the message says what to do."""
    path = workdir / TARGET
    original = path.read_bytes()
    real_write = atomic._write_all
    calls: list[int] = []

    def first_ok_then_full(handle, data):
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(handle, data)
        return full_disk_after(0.3)(handle, data)

    monkeypatch.setattr(atomic, "_write_all", first_ok_then_full)
    duplicate_title = ADD[:-7] + [
        "--title",
        "A linear algebra textbook",
        "--type",
        "book",
        "--level",
        "beginner",
        "--free",
    ]
    code = cli.main(duplicate_title)

    _out, err = capsys.readouterr()
    assert code == 1 and len(calls) == 2
    assert err.splitlines()[-1] == (
        f"the new entry made {TARGET.as_posix()} invalid and putting the file back failed (no space left on the device); "
        "it is complete but holds the new entry: remove it by hand"
    )
    text = path.read_bytes()
    # Whole, not truncated: every original line is there, and the new entry after them.
    new_lines = text.decode().splitlines()
    remaining = iter(new_lines)
    assert all(line in remaining for line in original.decode().splitlines())  # in order
    assert len(new_lines) == len(original.decode().splitlines()) + 5 and "    level: beginner" in new_lines[-7:]
    assert sorted(p.name for p in path.parent.iterdir()) == ["linear-algebra.yaml", "python.yaml"]


KILLED_WRITER = """
import os, sys, time
sys.path.insert(0, {root!r})
from macros import atomic
from macros import cli

def half_then_hang(handle, data):
    handle.write(data[: len(data) // 2])
    handle.flush()
    os.fsync(handle.fileno())
    print("half written", flush=True)
    time.sleep(3600)  # the test kills this process here

atomic._write_all = half_then_hang
sys.exit(cli.main({argv!r}))
"""


def test_kill_9_in_the_middle_of_the_write_leaves_the_original(workdir):
    data = workdir / "data"
    before = tree(data)
    roadmap_before, errors = collect(data)
    assert not errors
    script = KILLED_WRITER.format(root=str(ROOT), argv=ADD)
    process = subprocess.Popen(
        [sys.executable, "-c", script], cwd=workdir, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        ready = process.stdout.readline()  # returns "" at once if the process ended without writing
        assert ready == "half written\n", (
            f"the write never reached macros.atomic:\n{ready}{process.stdout.read()}{process.stderr.read()}"
        )
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait() == -signal.SIGKILL
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        process.stdout.close()
        process.stderr.close()

    after = tree(data)
    # The data file is the original, byte for byte; every other data file too.
    assert {name: after[name] for name in before} == before
    # At most one leftover: the hidden temporary file, half written, which is not a data file.
    leftovers = sorted(set(after) - set(before))
    assert len(leftovers) <= 1, leftovers
    for name in leftovers:
        leftover = Path(name)
        assert leftover.parent.as_posix() == "skills"
        assert leftover.name.startswith(".linear-algebra.yaml.") and leftover.name.endswith(".tmp")
        assert leftover.suffix != ".yaml"
        assert 0 < len(after[name]) < len(before["skills/linear-algebra.yaml"]) + 200
    # The loader never reads the orphan: the roadmap is exactly what it was, with no error.
    roadmap_after, errors = collect(data)
    assert errors == []
    assert roadmap_after.model_dump() == roadmap_before.model_dump()
    assert cli.main(["--data", "data", "validate"]) == 0


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="needs POSIX file size limits")
def test_a_real_write_error_from_the_kernel_leaves_the_file_intact(workdir):
    """No patching: the file size limit (RLIMIT_FSIZE) makes the kernel refuse the write part-way (EFBIG)."""
    data = workdir / "data"
    before = tree(data)
    limit = (
        len(before["skills/linear-algebra.yaml"]) + 20
    )  # the new text is longer: its write fails after `limit` bytes
    script = textwrap.dedent(f"""
        import resource, signal, sys
        sys.path.insert(0, {str(ROOT)!r})
        from macros import cli
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
        resource.setrlimit(resource.RLIMIT_FSIZE, ({limit}, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
        sys.exit(cli.main({ADD!r}))
    """)
    result = subprocess.run([sys.executable, "-B", "-c", script], cwd=workdir, capture_output=True, text=True)
    assert result.returncode == 1, result.stderr
    assert result.stderr == f"{TARGET.as_posix()}: could not write (File too large); the file is unchanged\n"
    assert tree(data) == before


# -- roadmap schemas -------------------------------------------------------------------------


def test_schemas_on_a_full_disk_leave_every_file_intact(tmp_path, monkeypatch, capsys):
    out = tmp_path / "schemas"
    shutil.copytree(ROOT / "schemas", out)
    (out / "skill.schema.json").write_text('{"stale": true}\n', encoding="utf-8")  # so there is something to write
    (out / "tool.schema.json").write_bytes(b"")
    before = tree(out)
    calls: list[int] = []
    monkeypatch.setattr(atomic, "_write_all", full_disk_after(0.5, calls))

    code = cli.main(["schemas", "--out", str(out)])

    stdout, err = capsys.readouterr()
    assert calls, "roadmap schemas did not write through macros.atomic"
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"roadmap schemas: {out}/") and err.endswith(
        ": could not write (no space left on the device); the file is unchanged\n"
    )
    assert "wrote" not in stdout
    assert tree(out) == before  # byte for byte, no temporary file


def test_schemas_write_the_whole_file(tmp_path, monkeypatch, capsys):
    out = tmp_path / "schemas"
    out.mkdir()
    (out / "skill.schema.json").write_text("{}\n", encoding="utf-8")
    (out / "skill.schema.json").chmod(0o640)
    calls: list[int] = []
    real_write = atomic._write_all
    monkeypatch.setattr(atomic, "_write_all", lambda handle, data: (calls.append(len(data)), real_write(handle, data)))
    assert cli.main(["schemas", "--out", str(out)]) == 0
    assert calls
    from macros.model.schemas import schema_texts

    assert {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.json")} == schema_texts()  # i18n/: own test
    assert (out / "skill.schema.json").stat().st_mode & 0o777 == 0o640  # the user's mode is kept


# -- roadmap pdf -----------------------------------------------------------------------------


def test_pdf_on_a_full_disk_leaves_the_old_pdf(tmp_path, monkeypatch, capsys):
    output = tmp_path / "book.pdf"
    output.write_bytes(b"%PDF-1.7\n% the previous edition\n%%EOF\n")
    before = tree(tmp_path)
    calls: list[int] = []
    monkeypatch.setattr(atomic, "_write_all", full_disk_after(0.5, calls))
    code = cli.main(["--data", str(FIXTURE_DATA), "pdf", "--config", str(ROOT / "mkdocs.yml"), "--output", str(output)])
    _out, err = capsys.readouterr()
    assert calls and code == 1
    assert err == f"roadmap pdf: {output}: could not write (no space left on the device); the file is unchanged\n"
    assert tree(tmp_path) == before


# -- macros.atomic itself ------------------------------------------------------------------------


def test_a_symlink_stays_a_symlink(tmp_path):
    real = tmp_path / "real.yaml"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic.write_text_atomic(link, "new\n")
    assert link.is_symlink() and real.read_text(encoding="utf-8") == "new\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "real.yaml"]


def test_a_missing_folder_is_one_clear_error(tmp_path):
    with pytest.raises(atomic.AtomicWriteError) as caught:
        atomic.write_bytes_atomic(tmp_path / "missing" / "x.json", b"{}")
    assert (
        str(caught.value)
        == f"{tmp_path / 'missing' / 'x.json'}: could not write (No such file or directory); nothing was written"
    )


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root may write any file")
def test_a_read_only_file_is_not_replaced(tmp_path):
    path = tmp_path / "locked.yaml"
    path.write_text("keep\n", encoding="utf-8")
    path.chmod(0o444)
    with pytest.raises(atomic.AtomicWriteError, match="read-only"):
        atomic.write_text_atomic(path, "new\n")
    assert path.read_text(encoding="utf-8") == "keep\n"
