"""The map of the path: inline SVG of the numbered steps and the skills each introduces.

`path_figure(roadmap, href)` is what a page shows: two drawings of the same map, `WIDE`
(each step's skills beside its heading, for a laptop screen) and `NARROW` (below it, for a
390 px phone), switched by CSS (`docs/assets/stylesheets/reader.css`), and a legend. Each
skill appears once, under the first step that lists it, in learning order; optional and
alternative skills are dashed. Every node is an `<a>` to its page, so the map is complete,
keyboard-operable and readable by a screen reader without JavaScript. With it,
`docs/assets/javascripts/journey.js` fills each skill node (`data-skill`) by the share of its
objectives ticked, updates its accessible name and marks where the reader is.

Raw HTML is not touched by MkDocs' link rewriting, so the caller passes `href`, a function
from a docs-relative source path (``"skills/python.md"``) to the final URL. Every text from
the data goes through `inert`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from macros.model import learning
from macros.model.entities import Skill, Step
from macros.model.roadmap import Roadmap
from macros.site.escaping import inert
from macros.site.strings import ENGLISH, N_, Strings
from macros.site.urls import page_href
from macros.site.urls import page_url as page_url  # still imported from here by others

Href = Callable[[str], str]

TOP = 12  # room above the first row for journey.js's "you are here" pointer
MARGIN = 4
SPINE_X = 22  # x of the vertical line through the step numbers
BADGE_R = 15  # radius of a step's number badge
CARD_X = SPINE_X + BADGE_R + 8  # where a step's title starts
TITLE_SIZE = 15
TITLE_LINE = 19
META_SIZE = 12
META_LINE = 16
CHIP_SIZE = 13
CHIP_LINE = 16
CHIP_PAD_X = 8
CHIP_PAD_Y = 5
CHIP_GAP = 6  # between chips in a row
ROW_GAP = 10  # between rows of chips: the "you are here" pointer sits in it
STEP_GAP = 22

# Plain SVG 2 `href` links: browsers expose them as links to assistive technology
# (`xlink:href` ones they do not). Material's instant navigation assigns `el.href` on
# every relative link of a new page, which throws on SVG links (read-only there);
# overrides/main.html gives SVG links a setter for that.
LINK = "href"
FONTS = "-apple-system, BlinkMacSystemFont, Helvetica, Arial, 'DejaVu Sans', sans-serif"


@dataclass(frozen=True)
class Layout:
    """One arrangement of the map: `chips_x` is where skill chips start; `beside` puts them
    to the right of the step's heading (else below it)."""

    name: str
    width: int
    chips_x: float
    beside: bool


# The narrow view box is drawn at about 1:1 on a phone, so its text is as large as the page's.
WIDE = Layout("wide", 720, 244, True)
NARROW = Layout("narrow", 360, CARD_X, False)

# Advance widths (1/1000 em) of printable ASCII: per character the wider of DejaVu Sans
# and Liberation Sans, the fonts the site and the PDF fall back to on Linux, which are
# wider than the system fonts of other platforms. So the estimate errs on the wide side.
_ASCII = "".join(chr(c) for c in range(32, 127))
_REGULAR = (
    318,
    401,
    460,
    838,
    636,
    950,
    780,
    275,
    390,
    390,
    500,
    838,
    318,
    361,
    318,
    337,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    636,
    337,
    337,
    838,
    838,
    838,
    556,
    1015,
    684,
    686,
    722,
    770,
    667,
    611,
    778,
    752,
    295,
    500,
    667,
    557,
    863,
    748,
    787,
    667,
    787,
    722,
    667,
    611,
    732,
    684,
    989,
    685,
    667,
    685,
    390,
    337,
    390,
    838,
    556,
    500,
    613,
    635,
    550,
    635,
    615,
    352,
    635,
    634,
    278,
    278,
    579,
    278,
    974,
    634,
    612,
    635,
    635,
    411,
    521,
    392,
    634,
    592,
    818,
    592,
    592,
    525,
    636,
    337,
    636,
    838,
)
_BOLD = (
    348,
    456,
    521,
    838,
    696,
    1002,
    872,
    306,
    457,
    457,
    523,
    838,
    380,
    415,
    380,
    365,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    696,
    400,
    400,
    838,
    838,
    838,
    611,
    1000,
    774,
    762,
    734,
    830,
    683,
    683,
    821,
    837,
    372,
    556,
    775,
    637,
    995,
    837,
    850,
    733,
    850,
    770,
    720,
    682,
    812,
    774,
    1103,
    771,
    724,
    725,
    457,
    365,
    457,
    838,
    556,
    500,
    675,
    716,
    593,
    716,
    678,
    435,
    716,
    712,
    343,
    343,
    665,
    343,
    1042,
    712,
    687,
    716,
    716,
    493,
    595,
    478,
    712,
    652,
    924,
    645,
    652,
    582,
    712,
    365,
    712,
    838,
)
_WIDTHS = {False: dict(zip(_ASCII, _REGULAR, strict=True)), True: dict(zip(_ASCII, _BOLD, strict=True))}
_OTHER = 800  # letters outside ASCII (accents, dashes): a wide guess


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated rendered width of `text` at font `size`; errs on the wide side."""
    widths = _WIDTHS[bold]
    return sum(widths.get(ch, _OTHER) for ch in text) * size / 1000


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """Greedy word wrap of `text` into lines no wider than `width` (long words get their own line)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and text_width(candidate, size, bold) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def site_href(from_page: str, use_directory_urls: bool = True) -> Href:
    """An `href` for `path_svg` on the page `from_page` (docs-relative .md path) of the site."""
    return lambda target: page_href(target, from_page, use_directory_urls)


def _text_lines(lines: list[str], x: float, y: float, line_height: float, css: str, attrs: str) -> str:
    """A <text> with one <tspan> per line; `y` is the first baseline.

    Lines but the last end in a space, so the accessible name reads "educational
    foundation", not "educationalfoundation".
    """
    spans = "".join(
        f'<tspan x="{x:g}" y="{y + i * line_height:g}">{inert(line)}{" " if i < len(lines) - 1 else ""}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text class="{css}" {attrs}>{spans}</text>'


def step_meta(step: Step, new_skills: int, strings: Strings = ENGLISH) -> str:
    """The line under a step's title: its time estimate and how many skills it introduces."""
    meta = strings.text("About %(min)s–%(max)s weeks") % {
        "min": step.duration.min_weeks,
        "max": step.duration.max_weeks,
    }
    if not new_skills:
        return meta
    return meta + " · " + strings.ntext("%(num)s new skill", "%(num)s new skills", new_skills) % {"num": new_skills}


def skill_label(skill: Skill, strings: Strings = ENGLISH) -> str:
    """A skill node's accessible name without progress: its dashed outline in words."""
    return strings.text("%(name)s (optional or alternative)") % {"name": skill.name} if skill.optional else skill.name


class _Drawing:
    """The SVG parts of one map, drawn top to bottom; `y` is the next free row."""

    def __init__(self, layout: Layout, href: Href, id_prefix: str, strings: Strings = ENGLISH):
        self.strings = strings
        self.layout = layout
        self.href = href
        self.id_prefix = id_prefix
        self.parts: list[str] = []
        self.spine: list[float] = []  # y of each badge centre
        self.chips = 0
        self.y = float(TOP)

    @property
    def right(self) -> float:
        return self.layout.width - MARGIN

    def step_heading(self, step: Step, new_skills: int) -> float:
        """The step's number, title and estimate as one link; returns the heading's height."""
        layout = self.layout
        title_width = (layout.chips_x - CARD_X - 12) if layout.beside else (self.right - CARD_X - 4)
        title_lines = wrap(step.title, title_width, TITLE_SIZE, bold=True)
        meta = step_meta(step, new_skills, self.strings)
        meta_lines = wrap(meta, title_width, META_SIZE)
        text_h = len(title_lines) * TITLE_LINE + len(meta_lines) * META_LINE
        head_h = max(2 * BADGE_R, text_h + 2)
        y = self.y
        cy = y + BADGE_R
        self.spine.append(cy)
        first_baseline = y + (head_h - text_h) / 2 + TITLE_SIZE
        hit_w = (layout.chips_x - 8 if layout.beside else self.right) - (SPINE_X - BADGE_R - 4)
        self.parts.append(
            f'<a class="rm-map-node rm-map-step-link" {LINK}="{inert(self.href(f"steps/{step.id}.md"))}">'
            f'<rect class="rm-map-hit" x="{SPINE_X - BADGE_R - 4:g}" y="{y - 2:g}" width="{hit_w:g}" '
            f'height="{head_h + 4:g}" rx="6" fill="transparent"/>'
            f'<circle class="rm-map-badge" cx="{SPINE_X}" cy="{cy:g}" r="{BADGE_R}" fill="#3f51b5"/>'
            f'<text class="rm-map-badge-text" x="{SPINE_X}" y="{cy + 5:g}" text-anchor="middle" font-size="14" '
            f'font-weight="700" fill="#ffffff">{step.order}</text>'
            + _text_lines(
                title_lines,
                CARD_X,
                first_baseline,
                TITLE_LINE,
                "rm-map-title",
                f'font-size="{TITLE_SIZE}" font-weight="700" fill="#1a237e"',
            )
            + _text_lines(
                meta_lines,
                CARD_X,
                first_baseline + len(title_lines) * TITLE_LINE - 2,
                META_LINE,
                "rm-map-meta",
                f'font-size="{META_SIZE}" fill="#424242"',
            )
            + "</a>"
        )
        return head_h

    def skill_chips(self, skills: list[Skill], top: float) -> float:
        """Chips for `skills`, wrapped into rows from `top`; returns the height they take."""
        x0 = self.layout.chips_x
        x, y, row_h = x0, top, 0.0
        max_text = self.right - x0 - 2 * CHIP_PAD_X
        for skill in skills:
            lines = wrap(skill.name, max_text, CHIP_SIZE)
            w = max(text_width(line, CHIP_SIZE) for line in lines) + 2 * CHIP_PAD_X
            h = len(lines) * CHIP_LINE + 2 * CHIP_PAD_Y
            if x > x0 and x + w > self.right:
                x, y, row_h = x0, y + row_h + ROW_GAP, 0.0
            self.parts.append(self._chip(skill, x, y, w, h, lines))
            x += w + CHIP_GAP
            row_h = max(row_h, h)
        return y + row_h - top

    def _chip(self, skill: Skill, x: float, y: float, w: float, h: float, lines: list[str]) -> str:
        self.chips += 1
        clip = f"{self.id_prefix}-clip-{self.chips}"
        shape = f'x="{x:g}" y="{y:g}" width="{w:.1f}" height="{h:g}" rx="{h / 2 if len(lines) == 1 else 8:g}"'
        css = "rm-map-node rm-map-skill" + (" rm-map-optional" if skill.optional else "")
        dashes = ' stroke-dasharray="4 3"' if skill.optional else ""
        fill = "#ffffff" if skill.optional else "#e8eaf6"
        return (
            f'<a class="{css}" {LINK}="{inert(self.href(f"skills/{skill.id}.md"))}" data-skill="{inert(skill.id)}" '
            f'aria-label="{inert(skill_label(skill, self.strings))}">'
            f'<clipPath id="{clip}"><rect {shape}/></clipPath>'
            f'<rect class="rm-map-chip" {shape} fill="{fill}" stroke="#3f51b5"{dashes}/>'
            # journey.js sets the width of this bar to the share of objectives ticked.
            f'<rect class="rm-map-fill" x="{x:g}" y="{y:g}" width="0" height="{h:g}" clip-path="url(#{clip})" '
            f'fill="#9fa8da"/>'
            + _text_lines(
                lines,
                x + CHIP_PAD_X,
                y + CHIP_PAD_Y + CHIP_SIZE - 1,
                CHIP_LINE,
                "rm-map-skill-text",
                f'font-size="{CHIP_SIZE}" fill="#1a1a1a"',
            )
            + "</a>"
        )

    def note(self, text: str, top: float) -> float:
        self.parts.append(
            _text_lines(
                [text],
                self.layout.chips_x,
                top + CHIP_SIZE + 4,
                CHIP_LINE,
                "rm-map-note",
                f'font-size="{CHIP_SIZE}" font-style="italic" fill="#424242"',
            )
        )
        return CHIP_LINE + 6

    def step(self, step: Step, skills: list[Skill]) -> None:
        label = self.strings.text("Step %(order)s: %(title)s") % {"order": step.order, "title": step.title}
        self.parts.append(f'<g class="rm-map-step" role="group" aria-label="{inert(label)}">')
        head_h = self.step_heading(step, len(skills))
        top = self.y if self.layout.beside else self.y + head_h + 8
        if skills:
            body_h = self.skill_chips(skills, top)
        else:
            body_h = self.note(self.strings.text("Builds on the skills of earlier steps"), top)
        self.parts.append("</g>")
        self.y = max(self.y + head_h, top + body_h) + STEP_GAP

    def svg(self, title: str, desc: str) -> str:
        height = self.y - STEP_GAP + MARGIN
        spine = ""
        if len(self.spine) > 1:
            # Drawn first, so it runs underneath the badges.
            spine = (
                f'<line class="rm-map-spine" x1="{SPINE_X}" y1="{self.spine[0]:g}" x2="{SPINE_X}" '
                f'y2="{self.spine[-1]:g}" stroke="#9fa8da" stroke-width="3" aria-hidden="true"/>'
            )
        width = self.layout.width
        return (
            f'<svg class="rm-map-svg rm-map-{self.layout.name}" xmlns="http://www.w3.org/2000/svg" '
            f'viewBox="0 0 {width} {height:g}" width="{width}" height="{height:g}" role="group" '
            f'aria-labelledby="{self.id_prefix}-title" aria-describedby="{self.id_prefix}-desc" font-family="{FONTS}">'
            f'<title id="{self.id_prefix}-title">{inert(title)}</title>'
            f'<desc id="{self.id_prefix}-desc">{inert(desc)}</desc>' + spine + "".join(self.parts) + "</svg>"
        )


def path_svg(
    roadmap: Roadmap, href: Href, id_prefix: str = "rm-map", layout: Layout = WIDE, strings: Strings = ENGLISH
) -> str:
    """The numbered steps in order, each with chips for the skills it introduces; one <svg>, no newline."""
    drawing = _Drawing(layout, href, id_prefix, strings)
    for step in roadmap.steps:
        drawing.step(step, learning.skills_introduced(roadmap.steps, step, roadmap.skill))
    steps = len(roadmap.steps)
    desc = strings.ntext(
        "The %(num)s step of the path in order, each with its time estimate and the skills it introduces in "
        "learning order; optional and alternative skills have a dashed outline. Every step and skill is a "
        "link to its page.",
        "The %(num)s steps of the path in order, each with its time estimate and the skills it introduces in "
        "learning order; optional and alternative skills have a dashed outline. Every step and skill is a "
        "link to its page.",
        steps,
    ) % {"num": steps}
    return drawing.svg(strings.text("Map of the learning path"), desc)


# The legend's swatches reuse the map's own classes, so they match it in both palettes.
_LEGEND = (
    (
        "",
        '<circle class="rm-map-badge" cx="11" cy="11" r="10" fill="#3f51b5"/>',
        N_("Step, in order, with its estimate"),
    ),
    (
        "",
        '<rect class="rm-map-chip" x="1" y="4" width="34" height="14" rx="7" fill="#e8eaf6" stroke="#3f51b5"/>',
        N_("Skill"),
    ),
    (
        "",
        '<rect class="rm-map-chip rm-map-swatch-optional" x="1" y="4" width="34" height="14" rx="7" fill="#ffffff" stroke="#3f51b5" '
        'stroke-dasharray="4 3"/>',
        N_("Optional or alternative skill"),
    ),
    (
        " rm-map-key-live",
        '<rect class="rm-map-chip" x="1" y="4" width="34" height="14" rx="7" fill="#e8eaf6" stroke="#3f51b5"/>'
        '<rect class="rm-map-fill" x="1" y="4" width="17" height="14" rx="7" fill="#9fa8da"/>',
        N_("Filled by the objectives you have ticked"),
    ),
    (
        " rm-map-key-live",
        '<rect class="rm-map-chip rm-map-here-ring" x="2" y="5" width="32" height="12" rx="6" fill="#e8eaf6" '
        'stroke="#e65100" stroke-width="3"/>',
        N_("You are here"),
    ),
)


def legend(strings: Strings = ENGLISH) -> str:
    """The map's key as a <figcaption>; the progress entries show once journey.js runs."""
    items = []
    for extra, swatch, english in _LEGEND:
        text = strings.text(english)
        hidden = ' hidden=""' if extra else ""
        items.append(
            f'<li class="rm-map-key{extra}"{hidden}><svg class="rm-map-swatch" width="36" height="22" '
            f'viewBox="0 0 36 22" aria-hidden="true" focusable="false">{swatch}</svg>{inert(text)}</li>'
        )
    return f'<figcaption class="rm-map-legend"><ul>{"".join(items)}</ul></figcaption>'


def path_figure(roadmap: Roadmap, href: Href, strings: Strings = ENGLISH) -> str:
    """The map for a site page: wide and narrow drawings and the legend, one raw HTML block, no newline.

    `strings`: the interface strings of the page's language (macros/site/strings.py), English by default.
    """
    return (
        '<figure class="rm-map">'
        + path_svg(roadmap, href, "rm-map-wide", WIDE, strings)
        + path_svg(roadmap, href, "rm-map-narrow", NARROW, strings)
        + legend(strings)
        + "</figure>"
    )
