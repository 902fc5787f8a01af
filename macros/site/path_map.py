"""The map of the path: an inline SVG of the steps in order and the skills each builds.

`path_svg(roadmap, href)` returns one `<svg>` element, laid out vertically so it
stays readable on a 375 px phone screen. Every node is an `<a>` to its page, so
the figure is navigable by keyboard and screen reader and needs no JavaScript;
the PDF handbook reuses it with its own `href`.

Raw HTML is not touched by MkDocs' link rewriting, so the caller passes `href`,
a function from a docs-relative source path (``"skills/python.md"``) to the final
URL; `site_href(page_path)` builds one for a page of the site.
"""

from __future__ import annotations

from collections.abc import Callable

from macros.model.roadmap import Roadmap
from macros.site.escaping import inert
from macros.site.urls import page_href
from macros.site.urls import page_url as page_url  # still imported from here by others

Href = Callable[[str], str]

# Geometry, in SVG user units. The viewBox is narrow on purpose: at phone width the
# figure is drawn at roughly 1:1, so the text is as large as the page's own text.
WIDTH = 360
MARGIN = 4
SPINE_X = 22  # x of the vertical line through the step numbers
BADGE_R = 15  # radius of a step's number badge
CARD_X = SPINE_X + BADGE_R + 8  # where a step's title and skill chips start
TITLE_SIZE = 15
TITLE_LINE = 19
CHIP_SIZE = 13
CHIP_LINE = 16
CHIP_PAD_X = 8
CHIP_PAD_Y = 5
CHIP_GAP = 6
STEP_GAP = 18

# Plain SVG 2 `href` links: browsers expose them as links to assistive technology
# (`xlink:href` ones they do not). Material's instant navigation assigns `el.href` on
# every relative link of a new page, which throws on SVG links (read-only there);
# docs/assets/javascripts/progress.js gives SVG links a setter for that.
LINK = "href"

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


def _attr(value: object) -> str:
    return inert(value)


def _text_lines(lines: list[str], x: float, y: float, line_height: float, css: str) -> str:
    """A <text> with one <tspan> per line; `y` is the first baseline.

    Lines but the last end in a space, so the accessible name reads "educational
    foundation", not "educationalfoundation".
    """
    spans = "".join(
        f'<tspan x="{x:g}" y="{y + i * line_height:g}">{inert(line)}{" " if i < len(lines) - 1 else ""}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text class="{css}">{spans}</text>'


def path_svg(roadmap: Roadmap, href: Href, id_prefix: str = "rm-map") -> str:
    """The steps in order, each with chips for the skills it builds; one <svg> string, no blank lines."""
    steps = roadmap.steps
    title = "Map of the learning path"
    desc = (
        f"The {len(steps)} steps of the path from top to bottom, each followed by the skills it builds. "
        "Every step and skill is a link to its page."
    )
    parts: list[str] = []
    spine: list[float] = []  # y of each badge centre
    y = MARGIN
    text_right = WIDTH - MARGIN
    for step in steps:
        title_lines = wrap(step.title, text_right - CARD_X - 4, TITLE_SIZE, bold=True)
        title_h = len(title_lines) * TITLE_LINE
        head_h = max(2 * BADGE_R, title_h + 4)
        cy = y + BADGE_R
        spine.append(cy)
        label = f"Step {step.order}: {step.title}"
        first_baseline = y + (head_h - title_h) / 2 + TITLE_SIZE
        parts.append(f'<g class="rm-map-step" role="group" aria-label="{_attr(label)}">')
        parts.append(
            f'<a class="rm-map-node rm-map-step-link" {LINK}="{_attr(href(f"steps/{step.id}.md"))}">'
            f'<rect class="rm-map-hit" x="{SPINE_X - BADGE_R - 4:g}" y="{y - 2:g}" width="{text_right - SPINE_X + BADGE_R + 4:g}" '
            f'height="{head_h + 4:g}" rx="6" fill="transparent"/>'
            f'<circle class="rm-map-badge" cx="{SPINE_X}" cy="{cy:g}" r="{BADGE_R}" fill="#3f51b5" stroke="#3f51b5"/>'
            f'<text class="rm-map-badge-text" x="{SPINE_X}" y="{cy + 5:g}" text-anchor="middle" font-size="14" '
            f'font-weight="700" fill="#ffffff">{step.order}</text>'
            + _text_lines(title_lines, CARD_X, first_baseline, TITLE_LINE, "rm-map-title").replace(
                "<text ", f'<text font-size="{TITLE_SIZE}" font-weight="700" fill="#1a237e" ', 1
            )
            + "</a>"
        )
        y += head_h + 8
        # Skill chips, wrapped into rows to the right of the spine.
        x = CARD_X
        row_h = 0.0
        chips = [roadmap.skill[s] for s in step.skills if s in roadmap.skill]
        for skill in chips:
            max_text = text_right - CARD_X - 2 * CHIP_PAD_X
            lines = wrap(skill.name, max_text, CHIP_SIZE)
            w = max(text_width(line, CHIP_SIZE) for line in lines) + 2 * CHIP_PAD_X
            h = len(lines) * CHIP_LINE + 2 * CHIP_PAD_Y
            if x > CARD_X and x + w > text_right:
                x = CARD_X
                y += row_h + CHIP_GAP
                row_h = 0.0
            parts.append(
                f'<a class="rm-map-node rm-map-skill" {LINK}="{_attr(href(f"skills/{skill.id}.md"))}">'
                f'<rect x="{x:g}" y="{y:g}" width="{w:.1f}" height="{h:g}" rx="{h / 2 if len(lines) == 1 else 8:g}" '
                f'fill="#e8eaf6" stroke="#3f51b5"/>'
                + _text_lines(
                    lines, x + CHIP_PAD_X, y + CHIP_PAD_Y + CHIP_SIZE - 1, CHIP_LINE, "rm-map-skill-text"
                ).replace("<text ", f'<text font-size="{CHIP_SIZE}" fill="#1a1a1a" ', 1)
                + "</a>"
            )
            x += w + CHIP_GAP
            row_h = max(row_h, h)
        if chips:
            y += row_h
        else:
            parts.append(
                _text_lines(
                    ["Experience rather than new skills"], CARD_X, y + CHIP_SIZE, CHIP_LINE, "rm-map-note"
                ).replace("<text ", f'<text font-size="{CHIP_SIZE}" font-style="italic" fill="#424242" ', 1)
            )
            y += CHIP_LINE + 2
        parts.append("</g>")
        y += STEP_GAP
    height = max(y - STEP_GAP + MARGIN, 2 * MARGIN)
    # The spine goes underneath everything, so it is drawn first.
    spine_svg = ""
    if len(spine) > 1:
        spine_svg = (
            f'<line class="rm-map-spine" x1="{SPINE_X}" y1="{spine[0]:g}" x2="{SPINE_X}" y2="{spine[-1]:g}" '
            f'stroke="#9fa8da" stroke-width="3" aria-hidden="true"/>'
        )
    return (
        f'<svg class="rm-map-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:g}" '
        f'width="100%" role="group" aria-labelledby="{id_prefix}-title" aria-describedby="{id_prefix}-desc" '
        f"font-family=\"-apple-system, BlinkMacSystemFont, Helvetica, Arial, 'DejaVu Sans', sans-serif\">"
        f'<title id="{id_prefix}-title">{inert(title)}</title>'
        f'<desc id="{id_prefix}-desc">{inert(desc)}</desc>' + spine_svg + "".join(parts) + "</svg>"
    )


def path_figure(roadmap: Roadmap, href: Href) -> str:
    """The map wrapped in a <figure> for a site page: one raw HTML block, no blank lines."""
    return f'<figure class="rm-map">{path_svg(roadmap, href)}</figure>'
