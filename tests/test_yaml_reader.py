"""macros.model.yaml_reader builds values straight from the parser's events (no node graph, no
second pass through PyYAML's constructor): the values, the line map and the messages must be the
ones PyYAML's safe loader and the old compose-then-construct reader gave. Expected values are
written by hand."""

from __future__ import annotations

import math

import pytest

from macros.model.yaml_reader import DataError, YamlFileError, parse_yaml


def error_of(text: str) -> str:
    with pytest.raises(YamlFileError) as caught:
        parse_yaml(text, "data/f.yaml")
    return str(caught.value.error)


def test_scalars_become_the_values_the_safe_loader_makes():
    text = "a: yes\nb: ~\nc: 0x1F\nd: 1_000\ne: 2026-02-30\nf: '7'\ng: 1:30\nh: -.inf\n=: eq\ni: 1.5e+3\nj: No\n"
    data, _source, problems = parse_yaml(text, "data/f.yaml")
    assert data == {
        "a": True,
        "b": None,
        "c": 31,
        "d": 1000,
        "e": "2026-02-30",  # dates stay text
        "f": "7",
        "g": 90,  # YAML 1.1 base 60
        "h": -math.inf,
        "=": "eq",  # `=` is text as a key
        "i": 1500.0,
        "j": False,
    }
    assert [type(data[key]) for key in ("a", "c", "i")] == [bool, int, float]
    assert problems == []


def test_line_map_and_duplicate_keys():
    text = "skills:\n  - python\n  -\n    id: x\n    id: y\nname: N\n"
    data, source, problems = parse_yaml(text, "data/f.yaml")
    assert data == {"skills": ["python", {"id": "y"}], "name": "N"}  # the last duplicate wins, as in PyYAML
    assert source.lines == {
        (): 1,
        ("skills",): 1,
        ("skills", 0): 2,
        ("skills", 1): 4,
        ("skills", 1, "id"): 5,
        ("name",): 6,
    }
    assert problems == [DataError("data/f.yaml", 5, "skills.1.id", "duplicate key: this key is already set above")]


def test_an_empty_document_is_none():
    assert parse_yaml("", "data/f.yaml")[0] is None
    assert parse_yaml("---\n", "data/f.yaml")[0] is None


def test_a_value_pyyaml_cannot_construct_is_a_located_error():
    assert error_of("a: =") == (
        "data/f.yaml:1: YAML syntax error at column 4: "
        "could not determine a constructor for the tag 'tag:yaml.org,2002:value'"
    )
    assert error_of("a: 1\nb: 0b_\n") == "data/f.yaml:1: YAML error: a value cannot be read"


def test_the_first_unconstructable_value_is_the_one_pyyaml_meets_first():
    """PyYAML constructs level by level: the `<<` value one level up (line 3) is met before the
    `=` nested under `a` (line 2), although it comes later in the file."""
    assert error_of("a:\n  b: =\nc: <<\n") == (
        "data/f.yaml:3: YAML syntax error at column 4: "
        "could not determine a constructor for the tag 'tag:yaml.org,2002:merge'"
    )
    assert error_of("x:\n  - 1\n  - =\n") == (
        "data/f.yaml:3: YAML syntax error at column 5: "
        "could not determine a constructor for the tag 'tag:yaml.org,2002:value'"
    )


def test_refusals_come_before_values_that_cannot_be_made():
    """The whole file is checked for anchors, tags and the like before any value's error is told."""
    assert error_of("a: =\nb: &x 1\n") == "data/f.yaml:2: YAML anchors and aliases are not allowed"
    assert error_of("a: =\nb: !!str 1\n") == "data/f.yaml:2: YAML tags (such as !!str or !custom) are not allowed"
    assert error_of("a: =\n<<: {b: 1}\n") == "data/f.yaml:2: YAML merge keys (<<) are not allowed"
    assert error_of("a: =\nb: 1\n---\nc: 2\n") == (
        "data/f.yaml:3: a data file holds one YAML document: remove the second '---'"
    )


def test_overlong_numbers_are_refused_at_their_field():
    assert error_of("a:\n  b: 123456789012345678901\n") == (
        "data/f.yaml:2: a.b: number is 21 characters long; the limit is 20"
    )
    assert error_of("a:\n  123456789012345678901: b\n") == (
        "data/f.yaml:2: a: number is 21 characters long; the limit is 20"
    )
