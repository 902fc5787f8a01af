"""The mkdocs-macros-plugin entry point (`module_name: macros/site/variables` in mkdocs.yml).

Hand-written pages with `render_macros: true` (the home page) get the validated roadmap,
its counts, the path's total effort and the `path_map()` macro. Generated pages are never
rendered by the plugin, so text from the data is never a template.
"""

from __future__ import annotations

from macros.model.learning import path_effort
from macros.site.hooks import site_roadmap
from macros.site.languages import language
from macros.site.path_map import path_figure, site_href
from macros.site.strings import load_strings


def define_env(env) -> None:
    roadmap = site_roadmap(env.conf)  # in the page's language
    env.variables["roadmap"] = roadmap
    env.variables["counts"] = roadmap.counts()
    env.variables["path_effort"] = path_effort(roadmap.skills)

    @env.macro
    def path_map() -> str:
        """The map of the path (inline SVG) with links relative to the current page."""
        return path_figure(
            roadmap, site_href(env.page.file.src_uri, env.conf.use_directory_urls), load_strings(language(env.conf))
        )
