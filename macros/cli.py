"""The `roadmap` command: validate the data and the other project chores, one click group.

Errors in the data are printed as `file:line: field: message` lines and the exit code says
whether all is well (0 yes, 1 the data or the result is wrong, 2 a usage error or, for
`roadmap links`, a check that could not run).

Defining the commands imports no feature: each command imports what it runs inside its
function, and the options that come from a feature's own settings (the link checker's
ranges and defaults, the model's resource types) are built the first time they are needed.
So `roadmap validate` loads the model and nothing else, and `roadmap --help` loads nothing.
"""

from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from macros.gc_pace import collect_less_often

if TYPE_CHECKING:
    from macros.model.entities import Floor

DEFAULT_DATA = Path("data")
PATH = click.Path(path_type=Path)  # a path as given; what it must be is the command's business
FILE = click.Path(path_type=Path, dir_okay=False)


class LateOptions(click.Command):
    """A command whose options are made by `options()` when first needed: to parse the command's
    arguments, show its help or complete it. Its feature's settings are imported only then."""

    def __init__(self, *args: Any, options: Callable[[], list[click.Parameter]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._late_options: Callable[[], list[click.Parameter]] | None = options

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        if self._late_options is not None:
            self.params.extend(self._late_options())
            self._late_options = None
        return super().get_params(ctx)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--data", type=PATH, default=DEFAULT_DATA, help="data folder (default: data)")
@click.pass_context
def roadmap(ctx: click.Context, data: Path) -> None:
    """Tools for the ML Engineer Roadmap data."""
    ctx.obj = data


@roadmap.result_callback()
@click.pass_context
def exit_with(ctx: click.Context, code: int | None, **_options: object) -> None:
    """Each command returns its exit code; click exits with it."""
    ctx.exit(code or 0)


# -- roadmap validate, roadmap stale ----------------------------------------------------------
@roadmap.command(short_help="check every data file and report all errors")
@click.pass_obj
def validate(data: Path) -> int:
    """Check every data file and report all errors; on success print what the data holds and
    the content floor it meets."""
    with _without_pydantic_plugins():
        return _validate(data)


@contextmanager
def _without_pydantic_plugins() -> Iterator[None]:
    """Pydantic looks for plugins (observers of validation, such as tracing) by reading the entry
    points of every installed package when it makes its first validator: ~8 ms, 2% of a validate
    run, for none here. Its documented switch is set for this command only and put back after,
    so other programs, and later work in this process, still find their plugins; a value the
    user set is left alone."""
    if "PYDANTIC_DISABLE_PLUGINS" in os.environ:
        yield
        return
    os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"
    try:
        yield
    finally:
        os.environ.pop("PYDANTIC_DISABLE_PLUGINS", None)


def _validate(data: Path) -> int:
    from macros.model.load import load_for_command

    loaded = load_for_command(data, "validate")
    if loaded is None:
        return 1
    counts = loaded.counts()
    free = counts["free_resources"] / max(counts["resources"], 1)
    click.echo(f"{data}/ is valid: {loaded.summary()} ({free:.0%} free)")
    floor_file = data / "floor.yaml"
    origin = floor_file.as_posix() if floor_file.is_file() else f"the defaults: no {floor_file.as_posix()}"
    click.echo(f"every item meets the content floor ({origin}):")
    click.echo(
        textwrap.fill(
            "; ".join(floor_rules(loaded.floor)),
            width=100,
            initial_indent="  ",
            subsequent_indent="  ",
            break_on_hyphens=False,
        )
    )
    from macros.i18n.commands import validate_translations

    return validate_translations(data, loaded)


def floor_rules(floor: Floor) -> list[str]:
    """Each rule of the floor by the name its error messages use: 'skill_objectives 5-8',
    'min_skill_resources 4', 'core_areas llm-systems', and a switched-on rule by its name alone."""
    rules = []
    for name in type(floor).model_fields:
        value = getattr(floor, name)
        if value is True:
            rules.append(name)
        elif isinstance(value, tuple):
            rules.append(f"{name} {value[0]}-{value[1]}")
        elif isinstance(value, list):
            rules.append(f"{name} {', '.join(value) or 'none'}")
        elif name == "min_totals":
            totals = [f"{least} {kind}" for kind, least in value if least]
            if totals:
                rules.append(f"{name} {', '.join(totals)}")
        elif name == "min_free_percent":
            if value:
                rules.append(f"{name} {value}%")
        elif value is not False:
            rules.append(f"{name} {value}")
    return rules


@roadmap.command(short_help="list items whose last review is older than the floor allows, oldest first")
@click.pass_obj
def stale(data: Path) -> int:
    """List the items reviewed longer ago than the floor's stale_after_months, oldest first."""
    from macros.model.content_rules import stale_items
    from macros.model.load import load_for_command

    loaded = load_for_command(data, "stale")
    if loaded is None:
        return 1
    items = stale_items(loaded)
    for month, item in items:
        click.echo(f"{month}  {item.source.file}  {item.label}")
    months = loaded.floor.stale_after_months
    click.echo(
        f"{len(items)} item(s) last reviewed more than {months} months ago"
        if items
        else f"every item was reviewed in the last {months} months"
    )
    return 0


# -- roadmap schemas ----------------------------------------------------------------------------
def _schema_options() -> list[click.Parameter]:
    from macros.model.schemas import DEFAULT_DIR

    return [click.Option(["--out"], type=PATH, default=DEFAULT_DIR, help=f"output folder (default: {DEFAULT_DIR})")]


@roadmap.command(
    cls=LateOptions, options=_schema_options, short_help="write the JSON Schemas for editors into schemas/"
)
def schemas(out: Path) -> int:
    """Write the JSON Schemas for editors into schemas/."""
    from macros.atomic import AtomicWriteError
    from macros.i18n.schemas import I18N_SCHEMA_MODELS, write_i18n_schemas
    from macros.model.schemas import SCHEMA_MODELS, write_schemas

    try:
        changed = write_schemas(out)
        changed_i18n = write_i18n_schemas(out)
    except AtomicWriteError as exc:
        click.echo(f"roadmap schemas: {exc}", err=True)
        return 1
    for path in [*changed, *changed_i18n]:
        click.echo(f"wrote {path}")
    click.echo(f"{len(SCHEMA_MODELS)} schemas in {out}/ ({len(changed)} changed)")
    click.echo(f"{len(I18N_SCHEMA_MODELS)} translation schemas in {out}/i18n/ ({len(changed_i18n)} changed)")
    return 0


# -- roadmap i18n status, roadmap i18n stub --------------------------------------------------------
@roadmap.group(short_help="translations: coverage per language, skeletons of translation files")
def i18n() -> None:
    """Translations in data/i18n/<lang>/: coverage per language and kind, skeletons of new files."""


@i18n.command("status", short_help="units translated, outdated and missing per language and kind")
@click.option(
    "--fail-under",
    type=click.FloatRange(0, 100),
    metavar="N",
    help="exit 1 when a language has less than N% of its units translated",
)
@click.option("--lang", metavar="LANG", help="only this language (e.g. pt-BR)")
@click.pass_obj
def i18n_status(data: Path, fail_under: float | None, lang: str | None) -> int:
    """Units translated, outdated and missing per language and kind (counts and %)."""
    from macros.i18n.commands import status
    from macros.model.load import load_for_command

    loaded = load_for_command(data, "i18n status")
    return 1 if loaded is None else status(data, loaded, fail_under, lang)


@i18n.command("stub", short_help="write the skeleton of a translation file, with today's fingerprints")
@click.argument("lang")
@click.argument("item")
@click.option("--force", is_flag=True, help="replace the file if it exists")
@click.pass_obj
def i18n_stub(data: Path, lang: str, item: str, force: bool) -> int:
    """Write data/i18n/LANG/ITEM.yaml: every unit of ITEM (skills/python, role, taxonomy, ...) with its
    English text and fingerprint; replace each text with its translation."""
    from macros.i18n.commands import stub
    from macros.model.load import load_for_command

    loaded = load_for_command(data, "i18n stub")
    return 1 if loaded is None else stub(data, loaded, lang, item, force)


# -- roadmap add resource -----------------------------------------------------------------------
@roadmap.group(short_help="add an entry to the data without hand-editing YAML")
def add() -> None:
    """Add an entry to the data without hand-editing YAML."""


def _resource_options() -> list[click.Parameter]:
    from macros.model.editing import OWNER_KINDS
    from macros.model.entities import Level, ResourceType

    owners = [
        click.Option([f"--{kind}"], metavar="ID", help=f"the {kind} that gets the resource") for kind in OWNER_KINDS
    ]
    return [
        *owners,
        click.Option(["--url"], required=True, help="absolute http(s) URL, without tracking parameters"),
        click.Option(["--title"], required=True, help="the resource's own title"),
        click.Option(["--type"], required=True, type=click.Choice([t.value for t in ResourceType])),
        click.Option(["--free/--paid"], required=True, help="free to use, or needs payment (book, paid course)"),
        click.Option(["--level"], required=True, type=click.Choice([level.value for level in Level])),
        click.Option(["--authors"], help="authors or organisation, comma-separated"),
        click.Option(["--note"], help="one sentence on why it is worth the reader's time"),
    ]


@add.command(
    "resource",
    cls=LateOptions,
    options=_resource_options,
    short_help="add a learning resource to a skill, tool, step or specialisation",
)
@click.pass_context
def add_resource(
    ctx: click.Context, url: str, title: str, type: str, free: bool, level: str, **rest: str | None
) -> int:
    """Add a learning resource to a skill, tool, step or specialisation.

    Writes the entry into the owner's data file (comments and formatting kept), refuses a URL
    that is already in the data, and restores the file if the result does not validate.
    """
    from macros.model import editing

    authors, note = rest.pop("authors"), rest.pop("note")
    owners = [(kind, owner) for kind, owner in rest.items() if owner is not None]
    if len(owners) != 1:
        raise click.UsageError(
            "give exactly one of " + ", ".join(f"--{kind}" for kind in editing.OWNER_KINDS) + " (the resource's owner)",
            ctx,
        )
    [(owner_kind, owner_id)] = owners
    try:
        resource = editing.build_resource(
            title=title, url=url, type=type, free=free, level=level, authors=authors, note=note
        )
        added = editing.add_resource(ctx.obj, owner_kind, owner_id, resource)  # ctx.obj: the --data folder
    except editing.AddError as exc:
        for line in exc.lines:
            click.echo(line, err=True)
        return 1
    click.echo(
        f"{added.display}:{added.line}: added {'free' if resource.free else 'paid'} {resource.type} {resource.title!r}"
    )
    return 0


# -- roadmap links --------------------------------------------------------------------------------
def _link_options() -> list[click.Parameter]:
    """The link checker's options, each default and range from macros.links.options."""
    from macros.links.options import DEFAULT_CACHE, DEFAULT_CONFIG, NUMERIC, WAYBACK

    def numeric(option) -> click.Option:
        kind = click.IntRange if option.type is int else click.FloatRange
        return click.Option(
            [option.flag],
            type=kind(min=option.min, min_open=option.min_open),
            default=option.default,
            metavar=option.metavar or "N",
            help=f"{option.help} (default: {option.default:g})",
        )

    by_name = {option.name: option for option in NUMERIC}
    return [
        click.Option(
            ["--config"],
            type=FILE,
            help=f"hosts that refuse robots, with reasons (default: {DEFAULT_CONFIG} if present)",
        ),
        click.Option(["--cache"], type=FILE, default=DEFAULT_CACHE, help=f"cache file (default: {DEFAULT_CACHE})"),
        click.Option(
            ["--no-cache"], is_flag=True, help="check everything again; the fresh results still refresh the cache"
        ),
        numeric(by_name.pop("max_age")),
        click.Option(
            ["--changed-since"], metavar="REF", help="check only URLs added since git revision REF (e.g. origin/main)"
        ),
        click.Option(["--json"], type=FILE, metavar="FILE", help="write a JSON report"),
        click.Option(["--markdown"], type=FILE, metavar="FILE", help="write a Markdown report"),
        *(numeric(option) for option in by_name.values()),
        click.Option(
            ["--archive-base"],
            default=WAYBACK,
            metavar="URL",
            help=f"where to ask for archived copies of broken links (default: {WAYBACK})",
        ),
        click.Option(["--no-archive"], is_flag=True, help="do not look for archived copies"),
        click.Option(
            ["--allow-private"],
            is_flag=True,
            help="also connect to loopback, private, link-local and other non-public addresses "
            "(refused by default, as a link in the data must not reach the machine's own network)",
        ),
    ]


@roadmap.command(
    cls=LateOptions,
    options=_link_options,
    short_help="check every external URL in the data (exit 1 if any is broken or refused)",
)
@click.pass_obj
def links(data: Path, **options: Any) -> int:
    """Check every distinct external URL in the data once, concurrently, with retries, a cache
    and exemptions from linkcheck.yaml."""
    from macros.links.command import run_links

    return run_links(data, **options)


# -- roadmap pdf ------------------------------------------------------------------------------------
def _pdf_options() -> list[click.Parameter]:
    from macros.handbook.book import PDF_NAME

    return [
        click.Option(
            ["-o", "--output"],
            type=FILE,
            help=f"where to write it (default: {PDF_NAME} next to the --config file, ml-engineer-roadmap.LANG.pdf for a translation)",
        ),
        click.Option(
            ["--lang"],
            metavar="LANG",
            default="en",
            show_default=True,
            help="the language: en, or a translation in data/i18n/ (e.g. pt-BR); untranslated text stays in English",
        ),
        click.Option(
            ["--config"],
            type=FILE,
            default=None,
            help="the site's MkDocs configuration (default: mkdocs.yml; mkdocs.LANG.yml for a translation that has one)",
        ),
    ]


@roadmap.command(cls=LateOptions, options=_pdf_options, short_help="build the printable handbook (PDF)")
@click.pass_obj
def pdf(data: Path, output: Path | None, config: Path | None, lang: str) -> int:
    """Build the printable handbook, a PDF of every generated page, in English or a translation."""
    import time

    from macros.handbook import book
    from macros.model.load import load_for_command

    problems = book.check_requirements()
    if problems:
        click.echo("roadmap pdf: this machine cannot render the PDF yet:", err=True)
        for problem in problems:
            click.echo(f"  - {problem}", err=True)
        return 2
    loaded = load_for_command(data, "pdf")
    if loaded is None:
        return 1
    localised = None
    if lang != book.SOURCE_LANGUAGE:
        from macros.i18n.translations import languages, load_translation, localise
        from macros.model.load import RoadmapInvalid

        known = languages(data)
        if lang not in known:
            offered = ", ".join([book.SOURCE_LANGUAGE, *known])
            click.echo(f"roadmap pdf: no translation {lang!r} in {data}/i18n/ (languages: {offered})", err=True)
            return 1
        try:
            localised = localise(loaded, load_translation(data, lang, loaded))
        except RoadmapInvalid as exc:
            for error in exc.errors:
                click.echo(str(error), err=True)
            click.echo(
                f"{len(exc.errors)} error(s) in {data}/i18n/{lang}/; fix them first (see `roadmap validate`)", err=True
            )
            return 1
        loaded = localised.roadmap
    if config is None:
        config = Path("mkdocs.yml")
        translated = Path(f"mkdocs.{lang}.yml")
        if lang != book.SOURCE_LANGUAGE and translated.is_file():
            config = translated  # its site_url, description and copyright line are the translation's
    output = output or config.parent / book.pdf_name(lang)
    start = time.perf_counter()
    try:
        pages = book.build_pdf(loaded, config, output, lang, localised)
    except book.HandbookError as exc:
        click.echo(f"roadmap pdf: {exc}", err=True)
        return 1
    size = output.stat().st_size / 1024
    click.echo(f"wrote {output}: {pages} pages, {size:.0f} KB, in {time.perf_counter() - start:.1f} s")
    return 0


# -- running it ---------------------------------------------------------------------------------------
def main(argv: Sequence[str] | None = None) -> int:
    """Run `roadmap` with `argv` (default: the process's arguments) and return its exit code.

    The console script, `python -m macros` and the tests call this; click prints usage errors
    (exit 2) and interruptions its own way, and its exit becomes the return value. Called without
    `argv` it is the whole process, which then ends at once (`_end_process`).
    """
    code = 0  # not kept: click exits when the command is done
    with collect_less_often():  # see macros/gc_pace.py
        try:
            roadmap.main(args=argv, prog_name="roadmap")
        except SystemExit as stop:
            code = stop.code if isinstance(stop.code, int) else 1
    if argv is None:
        _end_process(code)
    return code


def _end_process(code: int) -> None:
    """Flush the output and end the process without the interpreter's clean-up, as mypy's
    `hard_exit` does: a normal exit collects every object a command left behind, 2.4 s of a
    `roadmap pdf` run for the handbook's laid-out pages. Files are written and closed by then
    (atomically, macros/atomic.py); click.echo flushes what it writes, and anything else still
    held by the two standard streams is flushed here."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said there
            pass
    os._exit(code)


def parse(argv: Sequence[str]) -> click.Context:
    """The context of the command `argv` names, every option converted and checked, without running
    it: for checks that the commands CI and pre-commit call exist. Raises click.UsageError."""
    ctx = roadmap.make_context("roadmap", list(argv))
    while isinstance(ctx.command, click.Group):
        name, command, rest = ctx.command.resolve_command(ctx, [*ctx._protected_args, *ctx.args])
        assert command is not None and name is not None  # resolve_command fails on an unknown name
        ctx = command.make_context(name, rest, parent=ctx)
    return ctx


if __name__ == "__main__":
    sys.exit(main())
