"""Reads every translation catalogue (.po) of the project. Django merges them into one
catalogue per language and silently keeps one translation when two catalogues translate the
same (context, msgid) differently; these helpers find such collisions and missing entries.

    .venv/bin/python -m tests.helpers.catalogues          # or: make messages-check
    .venv/bin/python -m tests.helpers.catalogues --snapshot F / --fill F  # make messages
    .venv/bin/python -m tests.helpers.catalogues --code   # also: strings of the code missing
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("pl", "sk", "en")
SKIP = {".venv", "node_modules", ".tools", ".data", "static", "staticfiles"}

Key = tuple[str | None, str]  # (msgctxt, msgid)


def catalogue_paths(root: Path = ROOT) -> list[Path]:
    """Every django.po under root, e.g. modules/mail/locale/pl/LC_MESSAGES/django.po."""
    return sorted(
        path
        for path in root.glob("**/locale/*/LC_MESSAGES/django.po")
        if not SKIP & set(path.relative_to(root).parts)
    )


def _name_and_language(path: Path, root: Path) -> tuple[str, str]:
    locale = path.parents[2]  # <catalogue>/locale
    return str(locale.parent.relative_to(root)), path.parents[1].name


def _translation(entry: polib.POEntry) -> tuple[str, ...]:
    if entry.msgid_plural:
        return tuple(entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural))
    return (entry.msgstr,)


def catalogues(root: Path = ROOT) -> dict[tuple[str, str], dict[Key, tuple[str, ...]]]:
    """{(catalogue, language): {(msgctxt, msgid): translation}}; obsolete entries left out,
    fuzzy ones read as untranslated (compilemessages leaves them out, so nobody sees them)."""
    result = {}
    for path in catalogue_paths(root):
        entries = polib.pofile(str(path))
        result[_name_and_language(path, root)] = {
            (e.msgctxt, e.msgid): ("",) if "fuzzy" in e.flags else _translation(e)
            for e in entries
            if not e.obsolete and e.msgid
        }
    return result


def collisions(root: Path = ROOT) -> dict[tuple[str, Key], dict[tuple[str, ...], list[str]]]:
    """{(language, key): {translation: [catalogues]}} for keys translated in more than one way.
    Untranslated entries (empty msgstr, English) fall back to the msgid and never collide."""
    seen: dict[tuple[str, Key], dict[tuple[str, ...], list[str]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for (name, language), entries in catalogues(root).items():
        for key, translation in entries.items():
            if any(translation):
                seen[language, key][translation].append(name)
    return {
        where: {t: sorted(names) for t, names in found.items()}
        for where, found in sorted(seen.items(), key=lambda item: (item[0][0], item[0][1][1]))
        if len(found) > 1
    }


def gaps(root: Path = ROOT) -> list[str]:
    """Entries missing from one language of a catalogue, or untranslated in Polish or Slovak."""
    found = catalogues(root)
    problems = []
    for name in sorted({name for name, _language in found}):
        keys = {lang: set(found.get((name, lang), {})) for lang in LANGUAGES}
        every = set().union(*keys.values())
        for lang in LANGUAGES:
            problems += [
                f"{name} {lang}: no entry for {key}" for key in sorted(every - keys[lang], key=str)
            ]
        for lang in ("pl", "sk"):
            problems += [
                f"{name} {lang}: untranslated {key}"
                for key, translation in found.get((name, lang), {}).items()
                if not all(translation)
            ]
    return problems


def _makemessages(copy: Path, folder: Path, *ignore: str) -> None:
    subprocess.run(
        [
            sys.executable,
            str(copy / "manage.py"),
            "makemessages",
            "-l",
            "en",
            "--no-location",
            "--no-obsolete",
            "--ignore=static",
            "--ignore=node_modules",
            "-v",
            "0",
            *ignore,
        ],
        cwd=folder,
        check=True,
        env={**os.environ, "DEBUG": "true"},
        capture_output=True,
    )


def code_keys(root: Path = ROOT) -> dict[str, set[Key]]:
    """{catalogue: keys} that the code and templates of each catalogue's folder use, read as
    `make messages` reads them (Django's makemessages, each folder with a locale/ on its
    own, the rest at the top) in a temporary copy of the files git tracks, so the real
    catalogues are never written."""
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=root, check=True, capture_output=True
    ).stdout.decode()
    with tempfile.TemporaryDirectory() as temporary:
        copy = Path(temporary)
        for name in filter(None, tracked.split("\0")):
            source = root / name
            if source.is_file() and not (SKIP & set(Path(name).parts)):
                (copy / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, copy / name)
        folders = sorted({path.parents[3] for path in catalogue_paths(copy)} - {copy})
        own = [f"--ignore={folder.relative_to(copy)}/*" for folder in folders]
        skipped = [".venv", ".tools", "staticfiles", "tests", "deploy", "helm"]
        _makemessages(copy, copy, *(f"--ignore={name}" for name in skipped), *own)
        for folder in folders:
            _makemessages(copy, folder)
        return {
            name: set(entries)
            for (name, language), entries in catalogues(copy).items()
            if language == "en"
        }


def missing_from_catalogues(root: Path = ROOT) -> list[str]:
    """Strings the code uses that its catalogue lacks (only `make messages` found them):
    shown untranslated in Polish and Slovak until somebody adds them."""
    found = catalogues(root)
    return [
        f"{name}: no entry for {key}"
        for name, keys in sorted(code_keys(root).items())
        for key in sorted(keys - set(found.get((name, "en"), {})), key=str)
    ]


def known_translations(root: Path = ROOT) -> dict[tuple[str, Key], set[tuple[str, ...]]]:
    """{(language, key): {translation}} over every catalogue, translated entries only."""
    known: dict[tuple[str, Key], set[tuple[str, ...]]] = defaultdict(set)
    for (_name, language), entries in catalogues(root).items():
        for key, translation in entries.items():
            if all(translation):
                known[language, key].add(translation)
    return known


def snapshot(target: Path, root: Path = ROOT) -> None:
    """Keep every known translation in `target` (JSON) before makemessages runs: it drops
    an entry from a catalogue whose folder no longer uses it, which may be the only place
    that entry was translated."""
    rows = [
        [lang, ctx, msgid, list(t)]
        for (lang, (ctx, msgid)), ts in known_translations(root).items()
        for t in ts
    ]
    target.write_text(json.dumps(rows, ensure_ascii=False))


def fill(root: Path = ROOT, saved: Path | None = None) -> int:
    """Translate the untranslated Polish and Slovak entries (after makemessages has added
    them) with the translation other catalogues give the same (context, msgid), when they
    agree on one (`saved`: a snapshot taken before makemessages). Returns how many entries
    were filled; entries nobody has translated yet stay for a person to write."""
    known = known_translations(root)
    if saved is not None and saved.exists():
        for language, context, msgid, translation in json.loads(saved.read_text()):
            known[language, (context, msgid)].add(tuple(translation))
    filled = 0
    for path in catalogue_paths(root):
        _name, language = _name_and_language(path, root)
        if language not in ("pl", "sk"):
            continue
        po = polib.pofile(str(path))
        changed = False
        for entry in po:
            if (
                entry.obsolete
                or not entry.msgid
                or (all(_translation(entry)) and "fuzzy" not in entry.flags)
            ):
                continue
            choices = known.get((language, (entry.msgctxt, entry.msgid)), set())
            if len(choices) != 1:
                continue
            (translation,) = choices
            if entry.msgid_plural:
                entry.msgstr_plural = dict(enumerate(translation))
            else:
                entry.msgstr = translation[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            filled += 1
            changed = True
        if changed:
            po.save(str(path))
    return filled


def main() -> int:
    args = sys.argv[1:]
    if args[:1] == ["--snapshot"]:
        snapshot(Path(args[1]))
        return 0
    if args[:1] == ["--fill"]:
        saved = Path(args[1]) if len(args) > 1 else None
        print(f"{fill(saved=saved)} entries filled from other catalogues")
    clashes = collisions()
    for (language, (context, msgid)), found in clashes.items():
        label = f"{msgid!r}" + (f" (context {context!r})" if context else "")
        print(f"{language} {label}:")
        for translation, names in found.items():
            print(f"    {' | '.join(translation)!r}: {', '.join(names)}")
    problems = gaps()
    if "--code" in args:
        problems += missing_from_catalogues()
    for problem in problems:
        print(problem)
    print(f"{len(clashes)} collision(s), {len(problems)} gap(s)")
    return 1 if clashes or problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
