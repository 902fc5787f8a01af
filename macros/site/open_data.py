"""The open data export: the whole validated roadmap as JSON, with its JSON Schema.

Written by the build to site/api/roadmap.json and site/api/roadmap.schema.json,
so anyone can reuse the roadmap without parsing YAML or scraping pages. The
JSON is exactly `Roadmap.model_dump_json()`, so `Roadmap.model_validate_json`
reads it back into an equal model.
"""

from __future__ import annotations

import json
from pathlib import Path

from macros.model.roadmap import Roadmap
from macros.model.schemas import render, roadmap_schema

API_DIR = "api"
DATA_FILE = "roadmap.json"
SCHEMA_FILE = "roadmap.schema.json"


def roadmap_json(roadmap: Roadmap) -> str:
    # Through json.loads/dumps only to get stable indentation and a trailing newline.
    return json.dumps(json.loads(roadmap.model_dump_json()), indent=1, ensure_ascii=False) + "\n"


def write_open_data(roadmap: Roadmap, site_dir: Path) -> list[Path]:
    """Write the roadmap JSON and its schema under site_dir/api/; returns both paths."""
    api = Path(site_dir) / API_DIR
    api.mkdir(parents=True, exist_ok=True)
    data_path, schema_path = api / DATA_FILE, api / SCHEMA_FILE
    data_path.write_text(roadmap_json(roadmap), encoding="utf-8")
    schema_path.write_text(render(roadmap_schema()), encoding="utf-8")
    return [data_path, schema_path]
