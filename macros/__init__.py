"""ML Engineer Roadmap: the data model, its checks and the site generation.

This module is also the mkdocs-macros-plugin entry point (`module_name: macros`):
`define_env` exposes the validated roadmap to hand-written pages such as the home page.
"""

from __future__ import annotations


def define_env(env) -> None:
    """Give hand-written pages `roadmap` (the model) and a few counts."""
    from .hooks import roadmap_for

    roadmap = roadmap_for(env.conf)
    env.variables["roadmap"] = roadmap
    env.variables["counts"] = {
        "skills": len(roadmap.skills),
        "steps": len(roadmap.steps),
        "tools": len(roadmap.tools),
        "tiers": len(roadmap.tiers),
        "projects": len(roadmap.projects),
        "specialisations": len(roadmap.specialisations),
        "resources": len(roadmap.all_resources()),
        "free_resources": sum(1 for *_owner, r in roadmap.all_resources() if r.free),
    }

    @env.macro
    def path_map() -> str:
        """The map of the path (inline SVG) with links relative to the current page."""
        from .diagram import path_figure, site_href

        return path_figure(roadmap, site_href(env.page.file.src_uri, env.conf.use_directory_urls))
