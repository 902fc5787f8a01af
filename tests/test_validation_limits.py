"""Hostile data files end in one located error each, never a traceback, a hang or a leak.

Strangers change data/ by pull request. Each case copies tests/fixtures/valid/data into
tmp_path, writes one hostile thing, runs `roadmap validate` (in-process through
`macros.cli.main`, or in a subprocess with a timeout where the old code hung or crashed)
and asserts the exact `data/<file>:LINE: field: message` lines and exit code 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import BIN, FIXTURE_DATA

from macros import cli
from macros.model.yaml_reader import MAX_DEPTH, MAX_FILE_BYTES, MAX_NAME_LENGTH, MAX_PROSE_LENGTH, MAX_URL_LENGTH

SKILL_HEADER = "# yaml-language-server: $schema=../../schemas/skill.schema.json\n"
TIER_HEADER = "# yaml-language-server: $schema=../../schemas/tier.schema.json\n"
TIMEOUT = 60  # seconds: generous; a regression (a hang) fails instead of blocking the suite


# -- helpers -------------------------------------------------------------------------------------


def valid_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FIXTURE_DATA, data)
    return data


def edit(data: Path, file: str, old: str, new: str) -> None:
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(data: Path, capsys) -> tuple[int, list[str], str]:
    """`roadmap --data <data> validate` in-process: (exit code, error lines without the count, stdout)."""
    code = cli.main(["--data", str(data), "validate"])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    lines = err.splitlines()
    if code:
        assert lines[-1] == f"{len(lines) - 1} error(s) in {data}/", lines[-1:]
        lines = lines[:-1]
    return code, lines, out


def expect(data: Path, capsys, *expected: str) -> None:
    code, lines, out = validate(data, capsys)
    assert code == 1, out
    assert lines == list(expected)


def validate_subprocess(data: Path) -> subprocess.CompletedProcess:
    """`roadmap validate` as a contributor runs it; fails the test (instead of hanging) after TIMEOUT."""
    try:
        result = subprocess.run(
            [str(BIN / "roadmap"), "validate"], cwd=data.parent, capture_output=True, text=True, timeout=TIMEOUT
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"roadmap validate did not finish within {TIMEOUT} s")
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    return result


def expect_subprocess(data: Path, *expected: str) -> None:
    result = validate_subprocess(data)
    assert result.returncode == 1, result.stdout
    assert result.stderr.splitlines() == [*expected, f"{len(expected)} error(s) in data/"]
    assert result.stdout == ""


def skill_file(data: Path, name: str, body: str) -> None:
    (data / "skills" / name).write_text(SKILL_HEADER + body, encoding="utf-8")


# -- 1. anchors, aliases and merge keys ---------------------------------------------------------------------

ALIAS_BOMB = "a1: &a1 [x,x,x,x,x,x,x,x,x]\n" + "".join(
    f"a{level}: &a{level} [{','.join([f'*a{level - 1}'] * 9)}]\n" for level in range(2, 10)
)


def test_alias_bomb_is_refused_before_expansion(tmp_path):
    """Nine levels of nine aliases (~450 bytes, 9**9 nodes when expanded): the old line map walked them all."""
    data = valid_copy(tmp_path)
    assert len(ALIAS_BOMB) < 500
    skill_file(data, "bomb.yaml", ALIAS_BOMB)
    expect_subprocess(data, "data/skills/bomb.yaml:2: YAML anchors and aliases are not allowed")


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("name: Python", "name: &n Python", "data/skills/python.yaml:3: YAML anchors and aliases are not allowed"),
        (
            "why: Nearly every library assumes it.",
            "why: *n",
            "data/skills/python.yaml:6: YAML anchors and aliases are not allowed",
        ),
    ],
    ids=["anchor", "alias"],
)
def test_anchors_and_aliases_are_refused(tmp_path, capsys, old, new, expected):
    data = valid_copy(tmp_path)
    edit(data, "skills/python.yaml", old, new)
    expect(data, capsys, expected)


def test_merge_keys_are_refused(tmp_path, capsys):
    """`<<:` merges a mapping in, even without an alias: refused like anchors."""
    data = valid_copy(tmp_path)
    edit(
        data,
        "skills/python.yaml",
        "why: Nearly every library assumes it.",
        "<<: {why: Nearly every library assumes it.}",
    )
    expect(data, capsys, "data/skills/python.yaml:6: YAML merge keys (<<) are not allowed")


def test_tags_are_refused(tmp_path, capsys):
    data = valid_copy(tmp_path)
    edit(data, "skills/python.yaml", "name: Python", "name: !!python/object:os.system Python")
    expect(data, capsys, "data/skills/python.yaml:3: YAML tags (such as !!str or !custom) are not allowed")


def test_a_second_document_is_refused(tmp_path, capsys):
    data = valid_copy(tmp_path)
    path = data / "skills" / "python.yaml"
    path.write_text(path.read_text() + "---\nid: other\n")
    expect(data, capsys, "data/skills/python.yaml:20: a data file holds one YAML document: remove the second '---'")


# -- 2. deep nesting ---------------------------------------------------------------------------------------

DEEP = 10_000


@pytest.mark.parametrize(
    ("body", "line"),
    [
        ("objectives: " + "[" * DEEP + "]" * DEEP + "\n", 2),
        ("objectives: " + "{a: " * DEEP + "1" + "}" * DEEP + "\n", 2),
        ("objectives:\n" + "- " * DEEP + "x\n", 3),
        ("".join("  " * level + f"k{level}:\n" for level in range(700)), MAX_DEPTH + 2),
    ],
    ids=["flow-lists", "flow-mappings", "block-lists", "block-mappings"],
)
def test_deep_nesting_is_a_located_error(tmp_path, body, line):
    """The old composer and line map recursed once per level: RecursionError at 1,000 levels."""
    data = valid_copy(tmp_path)
    skill_file(data, "deep.yaml", body)
    expect_subprocess(
        data, f"data/skills/deep.yaml:{line}: lists and mappings are nested more than {MAX_DEPTH} levels deep"
    )


def test_overlong_number_is_a_located_error(tmp_path, capsys):
    """Python refuses to turn 5,000 digits into an int: that ValueError used to be a traceback."""
    data = valid_copy(tmp_path)
    edit(data, "tiers/junior-ml-engineer.yaml", "order: 1", "order: " + "1" * 5000)
    expect(data, capsys, "data/tiers/junior-ml-engineer.yaml:5: order: number is 5000 characters long; the limit is 20")


# -- 3. long chains -----------------------------------------------------------------------------------------

CHAIN = 1_200


def chain_skill(index: int, prerequisite: str | None) -> str:
    prerequisites = f"prerequisites: [{prerequisite}]\n" if prerequisite else ""
    return (
        f"id: skill-{index:04d}\nname: Skill {index}\narea: programming\nsummary: Part {index} of a chain.\n"
        f"why: It comes after the one before.\nobjectives:\n  - id: learn\n    text: Learn part {index}.\n{prerequisites}"
    )


def chain_tier(index: int, count: int, first_next: str | None = None) -> str:
    following = f"tier-{index + 1:04d}" if index + 1 < count else first_next
    return (
        f"{TIER_HEADER}id: tier-{index:04d}\nname: Tier {index}\ntrack: Chain\norder: {index + 2}\nsummary: Tier {index}.\n"
        f"experience: {index} years\nresponsibilities:\n  - Work.\nnext: [{following or ''}]\nskills:\n  - skill: python\n    level: working\n"
    )


def write_chains(
    data: Path, tiers: int, skills: int = CHAIN, close_skills: bool = False, close_tiers: bool = False
) -> None:
    for index in range(skills):  # each skill requires the next one: the first checked is the deepest
        if index + 1 < skills:
            following = f"skill-{index + 1:04d}"
        else:
            following = "skill-0000" if close_skills else None
        skill_file(data, f"skill-{index:04d}.yaml", chain_skill(index, following))
    for index in range(tiers):
        (data / "tiers" / f"tier-{index:04d}.yaml").write_text(
            chain_tier(index, tiers, "tier-0000" if close_tiers else None)
        )


def test_long_prerequisite_and_next_chains_validate(tmp_path, capsys):
    """1,200 skills each requiring the next, 400 tiers each leading to the next: no RecursionError.

    The old cycle check recursed once per prerequisite, from the first skill file on."""
    data = valid_copy(tmp_path)
    write_chains(data, tiers=400)
    code, lines, out = validate(data, capsys)
    assert (code, lines) == (0, [])
    assert out.startswith(f"{data}/ is valid: {CHAIN + 2} skills, 1 steps, 1 tools, 401 tiers")


def test_a_cycle_in_a_long_chain_is_one_located_error(tmp_path, capsys):
    data = valid_copy(tmp_path)
    write_chains(data, tiers=400, close_skills=True, close_tiers=True)
    expect(
        data,
        capsys,
        "data/skills/skill-1199.yaml:10: prerequisites.0: prerequisite cycle: skill-0000 -> skill-0001 -> skill-0002 "
        "-> skill-0003 -> skill-0004 -> … (1191 more) -> skill-1196 -> skill-1197 -> skill-1198 -> skill-1199 -> skill-0000",
        "data/tiers/tier-0399.yaml:10: next.0: next-tier cycle: tier-0000 -> tier-0001 -> tier-0002 -> tier-0003 "
        "-> tier-0004 -> … (391 more) -> tier-0396 -> tier-0397 -> tier-0398 -> tier-0399 -> tier-0000",
    )


def test_a_short_tier_cycle_is_named(tmp_path, capsys):
    data = valid_copy(tmp_path)
    write_chains(data, tiers=2, skills=0, close_tiers=True)
    expect(data, capsys, "data/tiers/tier-0001.yaml:10: next.0: next-tier cycle: tier-0000 -> tier-0001 -> tier-0000")


# -- 4. sizes and lengths -------------------------------------------------------------------------------


def test_file_size_is_capped_before_parsing(tmp_path, capsys):
    data = valid_copy(tmp_path)
    path = data / "skills" / "python.yaml"
    text = path.read_text()
    padding = MAX_FILE_BYTES + 1 - len(text.encode()) - 2
    path.write_text(text + "#" + "x" * padding + "\n")  # a comment: the old code accepted it
    expect(
        data,
        capsys,
        f"data/skills/python.yaml:1: file is {MAX_FILE_BYTES + 1:,} bytes; the limit is 1,048,576 bytes (1 MB): split it or shorten it",
    )


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "skills/python.yaml",
            "name: Python",
            "name: " + "N" * (MAX_NAME_LENGTH + 1),
            "data/skills/python.yaml:3: name: must be at most 300 characters (found 301)",
        ),
        (
            "skills/python.yaml",
            'title: "The Python tutorial"',
            "title: " + "T" * 400,
            "data/skills/python.yaml:12: resources.0.title: must be at most 300 characters (found 400)",
        ),
        (
            "skills/python.yaml",
            "summary: The main language of machine learning.",
            "summary: " + "s" * (MAX_PROSE_LENGTH + 1),
            "data/skills/python.yaml:5: summary: must be at most 5,000 characters (found 5,001)",
        ),
        (
            "skills/python.yaml",
            "text: Write functions, classes and modules.",
            "text: " + "t" * 6000,
            "data/skills/python.yaml:9: objectives.0.text: must be at most 5,000 characters (found 6,000)",
        ),
        (
            "skills/python.yaml",
            "url: https://example.org/python/tutorial",
            "url: https://example.org/" + "p" * (MAX_URL_LENGTH - 19),
            "data/skills/python.yaml:13: resources.0.url: must be at most 2,000 characters (found 2,001)",
        ),
        (
            "tools/numpy.yaml",
            "  - python",
            "  - " + "p" * 301,
            "data/tools/numpy.yaml:9: skills.1: must be at most 300 characters (found 301)",
        ),
    ],
    ids=["name", "resource-title", "summary", "objective-text", "url", "id"],
)
def test_text_lengths_are_capped(tmp_path, capsys, file, old, new, expected):
    data = valid_copy(tmp_path)
    edit(data, file, old, new)
    expect(data, capsys, expected)


# -- 5. invisible characters -------------------------------------------------------------------------------

INVISIBLE = "it can hide text or make it read differently"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "name: Python",
            'name: "Pyt\\u202Ehon"',
            f"data/skills/python.yaml:3: name: invisible control character U+202E at position 4 is not allowed: {INVISIBLE}",
        ),
        (
            "name: Python",
            'name: "Python\\u2066"',
            f"data/skills/python.yaml:3: name: invisible control character U+2066 at position 7 is not allowed: {INVISIBLE}",
        ),
        ("why: Nearly", 'why: "\\u200FNearly', None),
        ("summary: The main", 'summary: "\\aThe main', None),
        ("text: Write functions,", 'text: "Write\\x85 functions,', None),
        (
            'title: "The Python tutorial"',
            'title: "The Python\\rtutorial"',
            f"data/skills/python.yaml:12: resources.0.title: invisible control character U+000D at position 11 is not allowed: {INVISIBLE}",
        ),
    ],
    ids=["rlo", "isolate", "rlm", "bell", "c1", "carriage-return"],
)
def test_invisible_characters_are_refused_without_echoing_them(tmp_path, capsys, old, new, expected):
    data = valid_copy(tmp_path)
    path = data / "skills" / "python.yaml"
    text = path.read_text()
    if expected is None:  # close the quote at the end of the line
        line = next(line for line in text.splitlines() if line.lstrip().startswith(old.strip()))
        text = text.replace(line, line.replace(old, new) + '"')
        field, position, code = {
            "why": ("why", 1, "U+200F"),
            "summary": ("summary", 1, "U+0007"),
            "text": ("objectives.0.text", 6, "U+0085"),
        }[old.split(":")[0].strip()]
        number = text.splitlines().index(next(line for line in text.splitlines() if new in line)) + 1
        expected = f"data/skills/python.yaml:{number}: {field}: invisible control character {code} at position {position} is not allowed: {INVISIBLE}"
    else:
        text = text.replace(old, new)
    path.write_text(text)
    code, lines, _out = validate(data, capsys)
    assert code == 1
    assert lines == [expected]
    assert not any(char in line for line in lines for char in "\u202e\u2066\u200f\x07\x85\r")


def test_raw_control_character_in_the_file_is_located(tmp_path, capsys):
    data = valid_copy(tmp_path)
    edit(data, "skills/python.yaml", "why: Nearly", "why: \x07Nearly")
    code, lines, _ = validate(data, capsys)
    assert code == 1
    assert lines == ["data/skills/python.yaml:6: invisible control character U+0007 at column 6 is not allowed"]
    assert "\x07" not in "".join(lines)


# -- 6. found values are cut ---------------------------------------------------------------------------------


def test_found_values_are_cut_to_80_characters(tmp_path, capsys):
    data = valid_copy(tmp_path)
    edit(data, "skills/python.yaml", "type: docs", "type: docs" + "x" * 1000)
    edit(data, "skills/python.yaml", "free: true", "free: " + "maybe" * 200)
    shown = "'docs" + "x" * 76 + "…'"
    expect(
        data,
        capsys,
        "data/skills/python.yaml:14: resources.0.type: must be one of: course, book, article, video, docs, tutorial, "
        f"paper, repository, podcast, interactive (found {shown})",
        "data/skills/python.yaml:15: resources.0.free: must be true or false (found '" + ("maybe" * 16) + "…')",
    )


def test_unknown_keys_and_first_lines_are_cut(tmp_path, capsys):
    data = valid_copy(tmp_path)
    edit(data, "skills/python.yaml", "why: Nearly", "k" * 500 + ": 1\nwhy: Nearly")
    edit(data, "tools/numpy.yaml", "# yaml-language-server: $schema=../../schemas/tool.schema.json", "#" + "y" * 10_000)
    code, lines, _ = validate(data, capsys)
    assert code == 1
    assert lines[0].startswith(
        f"data/skills/python.yaml:6: {'k' * 80}…: unknown key '{'k' * 80}…'; allowed keys: id, reviewed, name"
    )
    assert lines[1] == (
        "data/tools/numpy.yaml:1: the first line must be '# yaml-language-server: $schema=../../schemas/tool.schema.json' "
        f"(found '#{'y' * 79}…')"
    )
    assert len(lines) == 2 and all(len(line) < 600 for line in lines)


# -- 7. symbolic links ----------------------------------------------------------------------------------------


def test_symlinked_file_is_refused_without_reading_it(tmp_path, capsys):
    data = valid_copy(tmp_path)
    (data / "skills" / "evil.yaml").symlink_to("/etc/passwd")
    code, lines, out = validate(data, capsys)
    assert code == 1
    assert lines == ["data/skills/evil.yaml:1: data files must not be symbolic links"]
    assert "passwd" not in "".join(lines) and "root:" not in "".join(lines)


def test_symlink_to_yaml_outside_the_repository_is_never_loaded(tmp_path, capsys):
    data = valid_copy(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    # A valid skill, except that it would be reported (unknown area) if it were ever read.
    (outside / "extra.yaml").write_text(
        SKILL_HEADER
        + chain_skill(1, None).replace("id: skill-0001", "id: extra").replace("programming", "secret-marker")
    )
    (data / "skills" / "extra.yaml").symlink_to(outside / "extra.yaml")
    (data / "role.yaml").unlink()
    (data / "role.yaml").symlink_to(FIXTURE_DATA / "role.yaml")
    code, lines, _ = validate(data, capsys)
    assert code == 1
    assert lines == [
        "data/role.yaml:1: data files must not be symbolic links",
        "data/skills/extra.yaml:1: data files must not be symbolic links",
    ]


def test_symlinked_folder_is_refused_once(tmp_path, capsys):
    """A linked data/skills is one error; the references to its skills are not reported as unknown."""
    data = valid_copy(tmp_path)
    shutil.move(data / "skills", tmp_path / "elsewhere")
    (data / "skills").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (data / "tools" / "more").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    expect(
        data,
        capsys,
        "data/skills:1: data folders must not be symbolic links",
        "data/tools/more:1: data folders must not be symbolic links",
    )


# -- 8. unknown and hidden entries ------------------------------------------------------------------------------

ALLOWED = (
    "floor.yaml, i18n, projects, renames.yaml, role.yaml, skills, specialisations, steps, taxonomy.yaml, tiers, tools"
)


def test_unknown_folders_and_files_are_errors(tmp_path, capsys):
    data = valid_copy(tmp_path)
    (data / "skill").mkdir()
    (data / "skill" / "x.yaml").write_text("id: x\n")
    (data / "notes.txt").write_text("hello\n")
    (data / "role.yml").write_text("title: x\n")
    (data / "skills" / "drafts").mkdir()
    (data / "skills" / "drafts" / "y.yaml").write_text("id: y\n")
    (data / "skills" / "notes.md").write_text("hello\n")
    expect(
        data,
        capsys,
        f"data/notes.txt:1: unknown file in data/ (allowed: {ALLOWED})",
        f"data/role.yml:1: unknown file in data/ (allowed: {ALLOWED}); did you mean 'role.yaml'?",
        f"data/skill:1: unknown folder in data/ (allowed: {ALLOWED}); did you mean 'skills'?",
        "data/skills/drafts:1: folders are not read here: put data files directly in data/skills/",
        "data/skills/notes.md:1: data files must end in .yaml",
    )


def test_hidden_yaml_is_an_error_but_gitkeep_is_not(tmp_path, capsys):
    data = valid_copy(tmp_path)
    (data / "skills" / ".gitkeep").write_text("")
    (data / ".DS_Store").write_bytes(b"\0\1")
    (data / "skills" / ".secret.yaml").write_text(SKILL_HEADER + "id: secret\n")
    expect(data, capsys, "data/skills/.secret.yaml:1: hidden data files are not loaded: remove the leading dot")


def test_fifo_is_refused_without_blocking(tmp_path):
    data = valid_copy(tmp_path)
    os.mkfifo(data / "skills" / "pipe.yaml")
    expect_subprocess(data, "data/skills/pipe.yaml:1: data files must be regular files")


# -- 9. URLs ------------------------------------------------------------------------------------------------------

PUBLIC = "link to a public site"

URL_CASES = [
    ("userinfo", "https://user:pass@example.org/x", "must not contain a user name or password (user:pass@)"),
    ("loopback", "http://127.0.0.1/x", f"host 127.0.0.1 is a loopback address; {PUBLIC}"),
    ("private", "http://192.168.1.10/", f"host 192.168.1.10 is a private address; {PUBLIC}"),
    (
        "link-local",
        "http://169.254.169.254/latest/meta-data",
        f"host 169.254.169.254 is a link-local address; {PUBLIC}",
    ),
    ("cgnat", "http://100.64.0.1/", f"host 100.64.0.1 is a shared (carrier-grade NAT) address; {PUBLIC}"),
    ("multicast", "http://224.0.0.1/", f"host 224.0.0.1 is a multicast address; {PUBLIC}"),
    ("reserved", "http://240.0.0.1/", f"host 240.0.0.1 is a private address; {PUBLIC}"),
    ("decimal", "http://2130706433/", f"host 2130706433 (127.0.0.1) is a loopback address; {PUBLIC}"),
    ("hex", "http://0x7f.1/", f"host 0x7f.1 (127.0.0.1) is a loopback address; {PUBLIC}"),
    ("octal", "http://0177.0.0.01/", f"host 0177.0.0.01 (127.0.0.1) is a loopback address; {PUBLIC}"),
    (
        "disguised-public",
        "http://0x08.8.8.8/",
        "host 0x08.8.8.8 is the IP address 8.8.8.8 in a disguised form; write it as 8.8.8.8",
    ),
    ("bad-ipv4", "http://example.300/", "host example.300 ends in a number but is not a valid IPv4 address"),
    ("ipv6-loopback", "http://[::1]/", f"host ::1 is a loopback address; {PUBLIC}"),
    ("ipv6-ula", "http://[fd00::1]/", f"host fd00::1 is a private address; {PUBLIC}"),
    ("ipv6-link-local", "http://[fe80::1]/", f"host fe80::1 is a link-local address; {PUBLIC}"),
    ("ipv4-mapped", "http://[::ffff:10.0.0.1]/", f"host ::ffff:10.0.0.1 is a private address; {PUBLIC}"),
    ("localhost", "http://localhost:8000/", f"must not point at this computer (localhost): {PUBLIC}"),
    ("dot-localhost", "http://docs.localhost/", f"must not point at this computer (localhost): {PUBLIC}"),
    (
        "mixed-script",
        "https://\u0440aypal.com/",
        "host label \u0440aypal mixes Cyrillic and Latin letters, like a look-alike of another site's name",
    ),
    (
        "mixed-punycode",
        "https://xn--pple-43d.com/",
        "host label \u0430pple mixes Cyrillic and Latin letters, like a look-alike of another site's name",
    ),
    (
        "idna-invalid",
        "https://ex\U0001f600ample.org/",
        "host ex\U0001f600ample.org is not a valid international domain name (IDNA): Codepoint U+1F600 at position 3 of 'ex\U0001f600ample' not allowed",
    ),
    (
        "punycode-invalid",
        "https://xn--zz-.org/",
        "host xn--zz-.org is not a valid international domain name (IDNA): A-label must not end with a hyphen",
    ),
    (
        "bad-label",
        "https://-bad.example.org/",
        "host -bad.example.org is not a valid host name (letters, digits and hyphens between dots)",
    ),
    ("bad-port", "https://example.org:99999/", "is not a valid URL (check the host and port)"),
    (
        "full-width",
        "https://\uff45xample.org/",
        "host \uff45xample.org is read by browsers as example.org: write example.org",
    ),
    (
        "ideographic-dots",
        "http://127\u30020\u30020\u30021/",
        "host 127\u30020\u30020\u30021 is read by browsers as 127.0.0.1: write 127.0.0.1",
    ),
    (
        "percent-encoded",
        "http://%31%32%37.0.0.1/",
        "host %31%32%37.0.0.1 ends in a number but is not a valid IPv4 address",
    ),
    ("backslash", "http://evil.example\\@example.org/", "must not contain a user name or password (user:pass@)"),
]


@pytest.mark.parametrize(("case", "url", "message"), URL_CASES, ids=[case[0] for case in URL_CASES])
def test_unsafe_urls_are_refused(tmp_path, capsys, case, url, message):
    data = valid_copy(tmp_path)
    edit(data, "skills/python.yaml", "https://example.org/python/tutorial", url)
    found = repr(url)
    expect(data, capsys, f"data/skills/python.yaml:13: resources.0.url: {message} (found {found})")


def test_control_character_in_a_url_is_refused(tmp_path, capsys):
    data = valid_copy(tmp_path)
    edit(
        data,
        "tools/numpy.yaml",
        "docs_url: https://example.org/numpy/docs",
        'docs_url: "https://example.org/numpy/\\tdocs"',
    )
    expect(
        data,
        capsys,
        "data/tools/numpy.yaml:6: docs_url: must not contain whitespace (found 'https://example.org/numpy/\\tdocs')",
    )
    edit(data, "tools/numpy.yaml", "\\tdocs", "\\u202Edocs")
    expect(
        data,
        capsys,
        f"data/tools/numpy.yaml:6: docs_url: invisible control character U+202E at position 27 is not allowed: {INVISIBLE}",
    )


def test_public_international_urls_stay_valid_next_to_a_refused_one(tmp_path, capsys):
    """The URL rules refuse what they should and nothing more: IDNA names, CJK, public IPv6 pass."""
    data = valid_copy(tmp_path)
    edit(data, "skills/python.yaml", "https://example.org/python/tutorial", "https://b\u00fccher.example/python")
    edit(data, "tools/numpy.yaml", "https://example.org/numpy/docs", "http://[2606:4700:4700::1111]/numpy")
    edit(data, "skills/linear-algebra.yaml", "https://example.org/linear-algebra/book", "https://\u4f8b\u3048.jp/book")
    edit(data, "projects/digit-classifier.yaml", "url: https://", "url: https://user@")
    code, lines, _ = validate(data, capsys)
    assert code == 1
    assert len(lines) == 1 and "datasets.0.url: must not contain a user name or password (user:pass@)" in lines[0]


# -- the build ------------------------------------------------------------------------------------------------------


def test_strict_build_stops_on_hostile_data_without_writing_a_site(project_copy):
    shutil.rmtree(project_copy / "data")
    data = valid_copy(project_copy)
    skill_file(data, "bomb.yaml", ALIAS_BOMB)
    (data / "skills" / "evil.yaml").symlink_to("/etc/passwd")
    site = project_copy / "site"
    try:
        result = subprocess.run(
            [str(BIN / "mkdocs"), "build", "--strict", "-f", str(project_copy / "mkdocs.yml"), "-d", str(site)],
            capture_output=True,
            text=True,
            cwd=project_copy,
            timeout=300,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail("mkdocs build did not finish")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "data/skills/bomb.yaml:2: YAML anchors and aliases are not allowed" in output
    assert "data/skills/evil.yaml:1: data files must not be symbolic links" in output
    assert "root:" not in output
    assert "The roadmap data has 2 error(s); nothing was built." in output
    assert not site.exists() or not any(site.iterdir())
