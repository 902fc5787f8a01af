"""ML Engineer Roadmap: everything that turns data/ into the site, the handbook and reports.

One package per stage; data flows one way, from `model` to the others:

- `model`: the typed entities, the YAML reader with its line map, loading, every check a
  contributor can fail, the derived relations (`Roadmap`), learning order, JSON Schemas and
  safe edits of data files. Imports none of the packages below.
- `site`: the MkDocs hooks, page generation and its templates, navigation, the path map,
  the reader's browser data and the open data.
- `handbook`: the printable PDF.
- `links`: the external link checker.
- `cli`: the `roadmap` command.
"""
