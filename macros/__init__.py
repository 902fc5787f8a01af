"""ML Engineer Roadmap: the data model, its checks and the site generation.

This module is also the mkdocs-macros-plugin entry point (`module_name: macros`):
`define_env` exposes the validated roadmap to hand-written pages such as the home page.
"""

from __future__ import annotations


def define_env(env) -> None:
    """Give hand-written pages `roadmap` (the model), its `counts` and the `path_map()` macro."""
    from .hooks import roadmap_for

    roadmap = roadmap_for(env.conf)
    env.variables["roadmap"] = roadmap
    env.variables["counts"] = roadmap.counts()

    @env.macro
    def path_map() -> str:
        """The map of the path (inline SVG) with links relative to the current page."""
        from .diagram import path_figure, site_href

        return path_figure(roadmap, site_href(env.page.file.src_uri, env.conf.use_directory_urls))
