"""Make a synthetic roadmap N times the size of the real one, for the build benchmark.

Each copy k of every item gets the id `<id>-x<k>`, and its references point to
copy k of their targets, so the scaled data is valid and as richly cross-linked
as the real data. Checklist ids, taxonomy and role are shared (the role is copy 0's tier).
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import yaml

from macros.model.entities import ENTITY_KINDS

# Fields holding ids of other items, per kind: field -> kind of the referenced item.
REFERENCES = {
    "skills": {"prerequisites": "skills"},
    "steps": {"skills": "skills", "projects": "projects"},
    "tools": {"skills": "skills"},
    "tiers": {"next": "tiers"},
    "projects": {"skills": "skills", "tools": "tools"},
    "specialisations": {"skills": "skills", "tools": "tools", "projects": "projects"},
}


def _copy(item: dict, kind: str, k: int, order_offset: int) -> dict:
    item = dict(item)
    item["id"] = f"{item['id']}-x{k}"
    for field in REFERENCES[kind]:
        if field in item:
            item[field] = [f"{ref}-x{k}" for ref in item[field]]
    if kind == "tiers":
        item["skills"] = [{**e, "skill": f"{e['skill']}-x{k}"} for e in item["skills"]]
        item["drops"] = [{**e, "skill": f"{e['skill']}-x{k}"} for e in item.get("drops", [])]
    if "order" in item:
        item["order"] += order_offset
    for entry in [*item.get("resources", []), *item.get("datasets", [])]:
        entry["url"] = _unique_url(entry["url"], k)
    if "docs_url" in item:
        item["docs_url"] = _unique_url(item["docs_url"], k)
    return item


def _unique_url(url: str, k: int) -> str:
    """Each URL has one home in the data, so every copy gets its own (a query, not a fragment:
    the duplicate check ignores fragments)."""
    return f"{url}{'&' if '?' in url else '?'}copy={k}"


def generate(source: Path, target: Path, factor: int) -> None:
    """Write a data folder `factor` times the size of `source` into `target`."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for single in ("role.yaml", "taxonomy.yaml"):  # renames name real keys; the copies have none
        if (source / single).exists():
            shutil.copy(source / single, target / single)
    role = target / "role.yaml"
    if role.exists():  # the role is a tier of the first copy
        text = role.read_text(encoding="utf-8")
        tier = yaml.safe_load(text).get("tier")
        if tier:
            role.write_text(text.replace(f"\ntier: {tier}\n", f"\ntier: {tier}-x0\n"), encoding="utf-8")
    for kind in ENTITY_KINDS:
        (target / kind).mkdir()
        originals = [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((source / kind).glob("*.yaml"))]
        span = max((item.get("order", 0) for item in originals), default=0)
        for k in range(factor):
            for item in originals:
                copy = _copy(yaml.safe_load(yaml.safe_dump(item)), kind, k, k * span)
                header = f"# yaml-language-server: $schema=../../schemas/{kind.removesuffix('s')}.schema.json\n"
                text = header + yaml.safe_dump(copy, sort_keys=False)
                (target / kind / f"{copy['id']}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("factor", type=int)
    parser.add_argument("target", type=Path)
    parser.add_argument("--source", type=Path, default=Path("data"))
    args = parser.parse_args()
    generate(args.source, args.target, args.factor)


if __name__ == "__main__":
    main()
