"""macros.model.prefetch: a forked child parses the data files while the parent imports the model;
parse_yaml then hands out the child's result for the very same text, under the caller's file name,
once. Expected values are written by hand."""

from __future__ import annotations

import os
import shutil
import threading

import pytest
from conftest import ROOT

from macros import cli
from macros.model import prefetch, yaml_reader
from macros.model.yaml_reader import DataError, YamlFileError, parse_yaml

FILES = {
    "skills/dup.yaml": "x: 1\nx: 2\n",
    "skills/broken.yaml": "a: [\n",
    "skills/anchor.yaml": "name: &n N\n",
    "role.yaml": "title: T\nlist:\n  - one\n  - two\n",
}


@pytest.fixture
def data(tmp_path):
    folder = tmp_path / "data"
    for name, text in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    yield folder
    prefetch.stop()


@pytest.fixture
def no_local_parse(monkeypatch):
    """Fail the test when a text is parsed in this process (call after prefetch.start: the child
    was forked before, with the real parser)."""
    parsed: list[str] = []

    def local(text, loader_class, display):
        parsed.append(display)
        raise AssertionError(f"{display} was parsed here, not by the child")

    def install():
        monkeypatch.setattr(yaml_reader, "_parse", local)
        return parsed

    return install


def test_the_child_s_results_are_handed_out_under_the_caller_s_name(data, no_local_parse):
    prefetch.start(data, only_if_idle=False)
    assert prefetch._current is not None
    no_local_parse()

    value, source, problems = parse_yaml(FILES["skills/dup.yaml"], "data/skills/dup.yaml")
    assert value == {"x": 2}
    assert source.file == "data/skills/dup.yaml"
    assert source.lines == {(): 1, ("x",): 2}
    assert problems == [DataError("data/skills/dup.yaml", 2, "x", "duplicate key: this key is already set above")]

    value, source, problems = parse_yaml(FILES["role.yaml"], "data/role.yaml")
    assert value == {"title": "T", "list": ["one", "two"]}
    assert source.lines == {(): 1, ("title",): 1, ("list",): 2, ("list", 0): 3, ("list", 1): 4}
    assert problems == []

    with pytest.raises(YamlFileError) as refused:
        parse_yaml(FILES["skills/anchor.yaml"], "data/skills/anchor.yaml")
    assert str(refused.value.error) == "data/skills/anchor.yaml:1: YAML anchors and aliases are not allowed"
    with pytest.raises(YamlFileError) as broken:
        parse_yaml(FILES["skills/broken.yaml"], "data/skills/broken.yaml")
    assert str(broken.value.error) == (
        "data/skills/broken.yaml:2: YAML syntax error at column 1: "
        "while parsing a flow node expected the node content, but found '<stream end>'"
    )


def test_each_result_is_used_once_and_other_texts_are_parsed_here(data, no_local_parse):
    prefetch.start(data, only_if_idle=False)
    parsed = no_local_parse()
    parse_yaml(FILES["role.yaml"], "data/role.yaml")
    with pytest.raises(AssertionError):  # the same text again: the child's result is gone
        parse_yaml(FILES["role.yaml"], "data/other.yaml")
    with pytest.raises(AssertionError):  # a text the child never saw
        parse_yaml("title: changed\n", "data/role.yaml")
    assert parsed == ["data/other.yaml", "data/role.yaml"]


def test_the_child_is_reaped_once_its_results_are_read(data):
    prefetch.start(data, only_if_idle=False)
    pid = prefetch._current.pid
    parse_yaml(FILES["role.yaml"], "data/role.yaml")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_a_new_start_and_stop_reap_the_child_nobody_read(data):
    prefetch.start(data, only_if_idle=False)
    first = prefetch._current.pid
    prefetch.start(data, only_if_idle=False)
    with pytest.raises(ChildProcessError):
        os.waitpid(first, os.WNOHANG)
    second = prefetch._current.pid
    prefetch.stop()
    assert prefetch._current is None and yaml_reader.prefetched is None
    with pytest.raises(ChildProcessError):
        os.waitpid(second, os.WNOHANG)


def test_the_child_reads_only_regular_yaml_files_and_follows_no_link(data):
    (data / "skills" / "link.yaml").symlink_to(data / "role.yaml")
    (data / "linked").symlink_to(data / "skills", target_is_directory=True)
    os.mkfifo(data / "skills" / "fifo.yaml")
    (data / "skills" / "notes.txt").write_text("x: 1\n")
    deep = data / "a" / "b" / "c" / "d"
    deep.mkdir(parents=True)
    (deep / "too-deep.yaml").write_text("x: 1\n")
    (data / "a" / "b" / "c" / "deep.yaml").write_text("x: 1\n")
    found = [path.relative_to(data).as_posix() for path in prefetch._files(data)]
    assert found == ["role.yaml", "skills/anchor.yaml", "skills/broken.yaml", "skills/dup.yaml", "a/b/c/deep.yaml"]
    (data.parent / "data-link").symlink_to(data, target_is_directory=True)
    assert prefetch._files(data.parent / "data-link") == []


def test_no_child_while_other_threads_run_or_on_a_busy_machine(data, monkeypatch):
    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        prefetch.start(data, only_if_idle=False)
        assert prefetch._current is None
    finally:
        release.set()
        other.join()
    monkeypatch.setattr(prefetch, "_idle_processor", lambda: False)
    prefetch.start(data)
    assert prefetch._current is None and yaml_reader.prefetched is None


@pytest.mark.parametrize("idle", [True, False], ids=["child parses", "no child"])
def test_validate_reports_the_same_lines_with_and_without_the_child(tmp_path, monkeypatch, capsys, idle):
    """`roadmap validate` end to end: a syntax error, an anchor and a duplicate key in the fixture
    roadmap are reported at the same lines whether a child parsed the files or not."""
    data = tmp_path / "data"
    shutil.copytree(ROOT / "tests" / "fixtures" / "valid" / "data", data)
    python = data / "skills" / "python.yaml"
    python.write_text(python.read_text(encoding="utf-8") + "a: [\n", encoding="utf-8")
    algebra = data / "skills" / "linear-algebra.yaml"
    algebra.write_text(algebra.read_text(encoding="utf-8").replace("name: Linear", "name: &n Linear", 1))
    role = data / "role.yaml"
    role.write_text(role.read_text(encoding="utf-8") + "title: Again\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(prefetch, "_idle_processor", lambda: idle)
    started = []
    real = prefetch._Prefetch
    monkeypatch.setattr(prefetch, "_Prefetch", lambda *args: started.append(args) or real(*args))
    assert cli.main(["validate"]) == 1
    assert bool(started) == idle
    assert capsys.readouterr().err.splitlines() == [
        "data/role.yaml:9: title: duplicate key: this key is already set above",  # the fixture's 8 lines, then ours
        "data/skills/linear-algebra.yaml:3: YAML anchors and aliases are not allowed",
        "data/skills/python.yaml:21: YAML syntax error at column 1: "
        "while parsing a flow node expected the node content, but found '<stream end>'",
        "3 error(s) in data/",
    ]
