"""What `roadmap validate`, `roadmap i18n status` and `roadmap i18n stub` do with translations.

Each function prints its own lines (errors and warnings on stderr) and returns the exit code,
so macros/cli.py stays a thin layer of click options.
"""

from __future__ import annotations

import math
from pathlib import Path

import click

from macros.i18n.stub import stub_text
from macros.i18n.translations import (
    I18N_FOLDER,
    LANGUAGE_TAG,
    SOURCE_LANGUAGE,
    Coverage,
    Localised,
    UnitReport,
    clipped,
    collect_translation,
    expected_files,
    scan_languages,
    translation_states,
)
from macros.i18n.units import SINGLE_FILES
from macros.model.checks import did_you_mean
from macros.model.entities import KIND
from macros.model.roadmap import Roadmap
from macros.model.yaml_reader import DataError, shown

STATES = ("translated", "outdated", "missing")


def _err(line: str) -> None:
    click.echo(line, err=True)


def localised_languages(
    data: Path, roadmap: Roadmap, only: str | None = None
) -> tuple[list[Localised], list[DataError]]:
    """Every language of data/i18n/ (or just `only`) read and put into the roadmap, and every error."""
    found, errors = scan_languages(data)
    if only is not None:
        found = [lang for lang in found if lang == only]
    expected = expected_files(roadmap)  # computed once for every language
    done = []
    for lang in found:
        translation, problems = collect_translation(data, lang, roadmap, expected)
        errors.extend(problems)
        done.append(translation_states(roadmap, translation))
    return done, sorted(set(errors))


def outdated_warning(report: UnitReport) -> str:
    """`file:line: field: translation is outdated; the English now reads: "…" (new from: 0123abcd)`."""
    return f'{report}: translation is outdated; the English now reads: "{clipped(report.english)}" (new from: {report.current})'


def coverage_line(localised: Localised) -> str:
    total = localised.total()
    return (
        f"{localised.lang}: {total.translated} of {total.total} units translated ({_percent(total, 'translated')}), "
        f"{total.outdated} outdated, {total.missing} missing"
    )


def _percent(coverage: Coverage, state: str) -> str:
    """Rounded down to a tenth, so 99.96% never shows as 100.0%."""
    return f"{math.floor(coverage.percent(state) * 10) / 10:.1f}%"  # type: ignore[arg-type]


def validate_translations(data: Path, roadmap: Roadmap) -> int:
    """For `roadmap validate`, after the English is valid: errors (exit 1), outdated warnings, coverage."""
    done, errors = localised_languages(data, roadmap)
    for error in errors:
        _err(str(error))
    if errors:
        _err(f"{len(errors)} error(s) in {data}/{I18N_FOLDER}/")
        return 1
    for localised in done:
        for report in localised.outdated:
            _err(outdated_warning(report))
    for localised in done:
        click.echo(coverage_line(localised))
    return 0


def status(data: Path, roadmap: Roadmap, fail_under: float | None, lang: str | None) -> int:
    """`roadmap i18n status`: units translated / outdated / missing per language and kind."""
    if lang is not None:
        known, _problems = scan_languages(data)
        if lang not in known:
            _err(f"roadmap i18n status: no language {shown(lang)} in {data}/{I18N_FOLDER}/{did_you_mean(lang, known)}")
            return 1
    done, errors = localised_languages(data, roadmap, lang)
    for error in errors:
        _err(str(error))
    if errors:
        _err(f"{len(errors)} error(s) in {data}/{I18N_FOLDER}/; fix them first (see `roadmap validate`)")
        return 1
    if not done:
        click.echo(f"no translations in {data}/{I18N_FOLDER}/ (start one with `roadmap i18n stub LANG ITEM`)")
        return 0
    header = f"{'language':<9} {'kind':<16} {'units':>6}  " + "  ".join(f"{state:>17}" for state in STATES)
    click.echo(header)
    code = 0
    for localised in done:
        rows = [*localised.coverage().items(), ("all", localised.total())]
        for kind, coverage in rows:
            cells = "  ".join(f"{getattr(coverage, s):>8} ({_percent(coverage, s):>6})" for s in STATES)
            click.echo(f"{localised.lang:<9} {kind:<16} {coverage.total:>6}  {cells}")
        translated = localised.total().percent("translated")
        if fail_under is not None and translated < fail_under:
            _err(
                f"{localised.lang}: {_percent(localised.total(), 'translated')} translated, "
                f"under --fail-under {fail_under:g}"
            )
            code = 1
    return code


_ITEMS = ", ".join([*SINGLE_FILES, *(f"{folder}/ID" for folder in KIND)])


def stub(data: Path, roadmap: Roadmap, lang: str, item: str, force: bool) -> int:
    """`roadmap i18n stub LANG ITEM`: write the skeleton of one translation file, atomically."""
    from macros.atomic import AtomicWriteError, write_text_atomic

    if not LANGUAGE_TAG.match(lang) or lang == SOURCE_LANGUAGE:
        why = "English is the source language" if lang == SOURCE_LANGUAGE else "not a language tag"
        _err(f"roadmap i18n stub: {shown(lang)}: {why}; give a BCP 47 tag such as pt-BR or es")
        return 1
    relative = _relative(item, roadmap, data.name)
    if relative is None:
        return 1
    folder = data / I18N_FOLDER / lang
    target = folder / relative
    for part in (data / I18N_FOLDER, folder, target.parent, target):
        if part.is_symlink():
            _err(f"roadmap i18n stub: {part}: is a symbolic link; data files and folders must not be")
            return 1
    if target.exists() and not force:
        _err(f"roadmap i18n stub: {target} already exists; edit it, or pass --force to replace it with a new skeleton")
        return 1
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(target, stub_text(roadmap, relative))
    except AtomicWriteError as exc:
        _err(f"roadmap i18n stub: {exc}")
        return 1
    except OSError as exc:
        _err(f"roadmap i18n stub: {target.parent}: cannot create the folder ({exc.strerror or 'error'})")
        return 1
    click.echo(f"wrote {target}: replace each text with its translation and keep each from as it is")
    return 0


def _relative(item: str, roadmap: Roadmap, data_name: str) -> str | None:
    """'skills/python' -> 'skills/python.yaml', 'role' -> 'role.yaml'; None after saying what is wrong."""
    name = item.removesuffix(".yaml").strip("/")
    if name in SINGLE_FILES:
        return f"{name}.yaml"
    folder, _, item_id = name.partition("/")
    if folder not in KIND or not item_id or "/" in item_id:
        close = did_you_mean(folder, [*SINGLE_FILES, *KIND])
        _err(f"roadmap i18n stub: unknown item {shown(item)}: give one of {_ITEMS}{close}")
        return None
    known = [entry.id for entry in roadmap.items(folder)]
    if item_id not in known:
        _err(
            f"roadmap i18n stub: no {KIND[folder].singular} {shown(item_id)} in {data_name}/{folder}/"
            f"{did_you_mean(item_id, known)}"
        )
        return None
    return f"{folder}/{item_id}.yaml"
