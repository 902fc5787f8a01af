"""MkDocs hooks for the reader experience: publish the data progress.js needs.

Adds the generated `assets/javascripts/roadmap-data.js` (checklist keys, relations,
tiers and the rename map) to the site. It is listed in `extra_javascript` before
`progress.js`. Data is read inside the handler, never at import time (`mkdocs serve`).
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

from macros.hooks import roadmap_for
from macros.reader import DATA_SCRIPT, reader_script


def on_files(files: Files, config: MkDocsConfig) -> Files:
    roadmap = roadmap_for(config)
    existing = files.get_file_from_path(DATA_SCRIPT)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, DATA_SCRIPT, content=reader_script(roadmap, config.use_directory_urls)))
    return files
