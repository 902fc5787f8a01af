"""`roadmap links` end to end, in this process, on the fixture roadmap whose URLs all point at a local server."""

from __future__ import annotations

import functools
import io
import json
import re
import shutil
import subprocess
import sys

import pytest
import yaml
from click.testing import CliRunner
from conftest import FIXTURE_DATA
from links_server import FakeResolver, no_internet, server  # noqa: F401  (fixtures)

from macros.cli import main, parse, roadmap
from macros.links import command
from macros.links.command import TerminalProgress, run_links

FAST = ["--timeout", "2", "--retries", "1", "--backoff", "0.01", "--allow-private"]  # the test server is on 127.0.0.1
# The data may not name 127.0.0.1 or localhost (roadmap validate refuses them), so its
# URLs use these names, which only this file's resolver knows: all are 127.0.0.1.
SITE, SHY_SITE = "links.test", "shy.links.test"


@pytest.fixture(autouse=True)
def local_names(monkeypatch) -> FakeResolver:
    resolver = FakeResolver({SITE, SHY_SITE})
    monkeypatch.setattr(command, "Settings", functools.partial(command.Settings, resolver=resolver))
    return resolver


def at(server, path: str, host: str = SITE) -> str:
    """A URL of the local server under a name the data accepts."""
    return f"http://{host}:{server.ports[0]}{path}"


def resource(title: str, url: str) -> dict:
    return {"title": title, "url": url, "type": "book", "free": True, "level": "beginner"}


def write_data(root, server, *, extra: dict[str, str] | None = None) -> None:
    """The fixture roadmap with two URLs, both on the local server (NumPy's docs at /ok, a moved
    book at /perm308 in linear algebra); `extra` {title: url} gives the python skill its resources."""
    data = root / "data"
    shutil.copytree(FIXTURE_DATA, data, dirs_exist_ok=True)  # a second call starts again from the fixture
    changes = {
        "tools/numpy.yaml": {"docs_url": at(server, "/ok")},
        "skills/linear-algebra.yaml": {"resources": [resource("Moved book", at(server, "/perm308"))]},
        "skills/python.yaml": {"resources": [resource(title, url) for title, url in (extra or {}).items()]},
        "projects/digit-classifier.yaml": {"datasets": []},
    }
    for name, fields in changes.items():
        path = data / name
        header = path.read_text().splitlines()[0]  # the schema line the validator asks for
        content = {**yaml.safe_load(path.read_text()), **fields}
        path.write_text(header + "\n" + yaml.safe_dump(content, sort_keys=False), encoding="utf-8")


def line_of(path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def git(root, *args: str) -> str:
    command = ["git", "-c", "user.email=test@example.org", "-c", "user.name=Test", "-c", "commit.gpgsign=false", *args]
    return subprocess.run(command, cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def commit(root, path: str, message: str) -> None:
    """A new repository at `root` whose one commit holds `path`."""
    git(root, "init", "-q")
    git(root, "add", path)
    git(root, "commit", "-q", "-m", message)


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the command's defaults (data/, linkcheck.yaml, .cache/) are relative
    return tmp_path


def links(*args: str) -> int:
    return main(["links", *FAST, *args])


def test_clean_run_exits_0_and_reports_moved_links(project, server, capsys):
    write_data(project, server)
    assert links("--no-archive") == 0
    out = capsys.readouterr().out
    assert "1 ok, 1 moved, 0 unverified, 0 broken" in out
    assert f"moved: update the data to {at(server, '/ok')}" in out
    assert (
        f"used at data/skills/linear-algebra.yaml:{line_of(project / 'data/skills/linear-algebra.yaml', '/perm308')} (resources.0.url)"
        in out
    )
    assert (project / ".cache" / "links.json").exists()


def test_broken_link_exits_1_naming_url_status_and_file_line(project, server, capsys):
    missing = at(server, "/missing")
    write_data(project, server, extra={"Dead page": missing})
    code = links("--archive-base", server.url("/web/"), "--json", "out/links.json", "--markdown", "out/links.md")
    out = capsys.readouterr().out
    assert code == 1
    python = project / "data" / "skills" / "python.yaml"
    broken = out.split("BROKEN (1)")[1]
    assert missing in broken and "404 Not Found" in broken
    assert f"used at data/skills/python.yaml:{line_of(python, '/missing')} (resources.0.url)" in broken
    assert f"archived copy: {server.url('/web/20200101000000/' + missing)}" in broken

    report = json.loads((project / "out" / "links.json").read_text())
    assert report["failed"] is True and report["counts"]["broken"] == 1
    markdown = (project / "out" / "links.md").read_text()
    assert "## Broken (1)" in markdown and f"data/skills/python.yaml:{line_of(python, '/missing')}" in markdown


def test_second_run_is_served_from_the_cache_and_no_cache_rechecks(project, server, capsys):
    write_data(project, server)
    assert links("--no-archive") == 0
    hits = server.count("/ok"), server.count("/perm308")
    assert links("--no-archive") == 0
    assert (server.count("/ok"), server.count("/perm308")) == hits and "2 from cache" in capsys.readouterr().out
    assert links("--no-archive", "--no-cache") == 0
    assert server.count("/perm308") == hits[1] + 1 and server.count("/ok") > hits[0]


def test_exempt_host_is_reported_unverified_not_failed(project, server, capsys):
    write_data(project, server, extra={"Robot-shy page": at(server, "/forbidden", SHY_SITE)})
    (project / "linkcheck.yaml").write_text(
        f"unverified_hosts:\n  - host: {SHY_SITE}\n    reason: answers 403 to every robot\n"
    )
    assert links("--no-archive") == 0
    out = capsys.readouterr().out
    assert "UNVERIFIED (1)" in out and f"{SHY_SITE} refuses automated clients (answers 403 to every robot)" in out
    assert server.count("/forbidden") == 0


def test_bad_config_exits_2_with_a_located_error(project, server, capsys):
    write_data(project, server)
    (project / "linkcheck.yaml").write_text("unverified_hosts:\n  - host: example.org\n    reson: typo\n")
    assert links() == 2
    err = capsys.readouterr().err
    assert "linkcheck.yaml:3: unverified_hosts.0.reson: unknown key" in err
    assert "Traceback" not in err
    assert server.count("/ok") == 0


def test_invalid_data_exits_2_without_checking(project, server, capsys):
    write_data(project, server)
    (project / "data" / "tools" / "numpy.yaml").write_text("id: numpy\nname: NumPy\n")
    assert links() == 2
    assert "data/tools/numpy.yaml" in capsys.readouterr().err
    assert server.count("/ok") == 0


def test_changed_since_checks_only_the_urls_a_change_adds(project, server, capsys):
    write_data(project, server)
    commit(project, "data", "base")
    base = git(project, "rev-parse", "HEAD")
    write_data(project, server, extra={"New dead page": at(server, "/missing"), "New good page": at(server, "/page")})

    assert links("--no-archive", "--changed-since", base) == 1
    out = capsys.readouterr().out
    assert "Checked 2 distinct URLs from URLs added since" in out and "(2 unchanged URLs not checked)" in out
    assert server.count("/ok") == 0 and server.count("/perm308") == 0  # unchanged: not requested
    assert server.count("/missing") > 0 and server.count("/page") > 0


def test_changed_since_with_no_new_urls_checks_nothing(project, server, capsys):
    write_data(project, server)
    commit(project, "data", "base")
    assert links("--changed-since", "HEAD") == 0
    assert "Checked 0 distinct URLs" in capsys.readouterr().out
    assert server.count("/ok") == 0


def test_changed_since_falls_back_to_the_urls_written_in_old_invalid_data(project, server, capsys):
    write_data(project, server)
    numpy = project / "data" / "tools" / "numpy.yaml"
    numpy.write_text(numpy.read_text() + "retired_key: true\n")  # invalid under today's model
    commit(project, "data", "old data")
    write_data(project, server, extra={"New page": at(server, "/page")})
    assert links("--no-archive", "--changed-since", "HEAD") == 0
    assert "Checked 1 distinct URLs" in capsys.readouterr().out
    assert server.count("/page") == 1 and server.count("/ok") == 0


def test_changed_since_a_revision_without_data_checks_everything(project, server, capsys):
    (project / "README").write_text("before the data existed\n")
    commit(project, "README", "empty")
    write_data(project, server)
    assert links("--no-archive", "--changed-since", "HEAD") == 0
    assert "Checked 2 distinct URLs" in capsys.readouterr().out


def test_changed_since_unknown_revision_exits_2(project, server, capsys):
    write_data(project, server)
    commit(project, "data", "base")
    assert links("--changed-since", "origin/no-such-branch") == 2
    assert "unknown git revision 'origin/no-such-branch'" in capsys.readouterr().err


# Each numeric option's range, written out: (option, the value just outside it, what click says, the edge inside it).
RANGES = [
    ("--max-age", "-1", "-1.0 is not in the range x>=0.", "0"),
    ("--timeout", "0", "0.0 is not in the range x>0.", "0.001"),
    ("--retries", "-1", "-1 is not in the range x>=0.", "0"),
    ("--backoff", "-0.5", "-0.5 is not in the range x>=0.", "0"),
    ("--max-retry-after", "-1", "-1.0 is not in the range x>=0.", "0"),
    ("--per-host", "0", "0 is not in the range x>=1.", "1"),
    ("--concurrency", "0", "0 is not in the range x>=1.", "1"),
    ("--concurrency", "2.5", "'2.5' is not a valid integer range.", "1"),
    ("--total-timeout", "0", "0.0 is not in the range x>0.", "0.5"),
]


@pytest.mark.parametrize(("option", "outside", "says", "edge"), RANGES, ids=[f"{o} {v}" for o, v, *_ in RANGES])
def test_out_of_range_settings_are_usage_errors_before_anything_runs(
    project, server, capsys, option, outside, says, edge
):
    write_data(project, server)
    assert main(["links", option, outside]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Usage: roadmap links [OPTIONS]\nTry 'roadmap links --help' for help.\n")
    assert err.endswith(f"Error: Invalid value for '{option}': {says}\n")
    assert server.hits == {}


@pytest.mark.parametrize(("option", "outside", "says", "edge"), RANGES, ids=[f"{o} {v}" for o, v, *_ in RANGES])
def test_the_edge_of_each_range_is_accepted(option, outside, says, edge):
    name = option.removeprefix("--").replace("-", "_")
    assert parse(["links", option, edge]).params[name] == float(edge)


def test_help_states_each_default_and_range():
    result = CliRunner().invoke(roadmap, ["links", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.stdout.split())  # click wraps the help to the terminal's width
    for says in [
        "--max-age HOURS how long a good result stays fresh (default: 24) [x>=0]",
        "--timeout SECONDS per request (default: 20) [x>0]",
        "--retries N retries of transient failures (default: 3) [x>=0]",
        "--per-host N requests in flight per host (default: 10) [x>=1]",
        "--concurrency N requests in flight overall (default: 128) [x>=1]",
        "--total-timeout SECONDS time bound for the whole run (default: 600) [x>0]",
        "--cache FILE cache file (default: .cache/links.json)",
    ]:
        assert says in text


def test_run_links_is_the_command_without_click(project, server, capsys):
    write_data(project, server)
    code = run_links(
        project / "data", timeout=2, retries=0, allow_private=True, no_archive=True, json=project / "out.json"
    )
    assert code == 0 and "1 ok, 1 moved" in capsys.readouterr().out
    assert json.loads((project / "out.json").read_text())["counts"]["moved"] == 1


def unstyled(text: str) -> str:
    """Without the escapes that hide and show the cursor around a bar."""
    return re.sub(r"\x1b\[\?25[lh]", "", text)


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [True, False])
def test_progress_bar_only_on_a_terminal(project, server, monkeypatch, capsys, tty):
    write_data(project, server)
    monkeypatch.setattr("macros.links.command.PROGRESS_FROM", 1)  # the small data set counts as a long run
    stderr = FakeTerminal() if tty else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    assert links("--no-archive") == 0
    drawn = stderr.getvalue()
    if tty:
        assert "\rChecking links  [" in unstyled(drawn) and "]  2/2" in drawn and drawn.endswith("\n")
    else:
        assert drawn == ""


def test_progress_bar_draws_in_place_and_ends_its_line():
    stream = FakeTerminal()
    with TerminalProgress(stream) as progress:
        progress(0, 10)
        progress(5, 10)
        progress(10, 10)
    drawn = unstyled(stream.getvalue())
    frames = [frame for frame in drawn.split("\r") if frame.strip()]
    assert [frame.split("]")[1].split()[0] for frame in frames] == ["0/10", "5/10", "10/10"]
    assert re.match(r"Checking links  \[#+\]", frames[-1]) and "-" not in frames[-1]
    assert drawn.endswith("\n") and drawn.count("\n") == 1


def test_progress_bar_that_never_started_draws_nothing():
    stream = FakeTerminal()
    with TerminalProgress(stream):
        pass
    assert stream.getvalue() == ""
