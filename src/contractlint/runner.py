"""Linting many files: discovery, a process pool, and a content-hash cache.

The result order is the input order (folders expanded in sorted order), so a run
with ``--jobs 8`` prints exactly what ``--jobs 1`` prints. A file whose bytes,
path, settings, contractlint version and rule packs are unchanged is not linted
again: its diagnostics come from ``.contractlint_cache`` in the project root.

Other formats plug in at one place: :func:`lint_path` (``.docx``/``.md``/``.txt``
readers dispatch there on the suffix) and :data:`DOCUMENT_SUFFIXES` (which
suffixes a folder walk picks up).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from contractlint.diagnostic import Diagnostic
from contractlint.settings import Settings

if TYPE_CHECKING:
    from contractlint.digest import blake2b

# pickle is imported where the result cache uses it: a run with --no-cache (or
# the language server) does not pay the ~2 ms its import costs.

DOCUMENT_SUFFIXES: tuple[str, ...] = (".contract",)
CACHE_DIR_NAME = ".contractlint_cache"
CACHE_FORMAT = 2  # 2: BLAKE2b keys
DEFAULT_EXCLUDES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        CACHE_DIR_NAME,
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
    }
)


@dataclass
class FileResult:
    """What linting one input produced (in the order the inputs were given)."""

    path: str  # as displayed and reported
    diagnostics: list[Diagnostic] = field(default_factory=list)
    matched: list[str] = field(default_factory=list)  # normalised matched text, per diagnostic
    error: str | None = None  # could not be read or decoded
    cached: bool = False
    text: str | None = None  # kept for standard input (the file can't be re-read)


@dataclass
class Input:
    """One thing to lint: a file on disk, or standard input under a display name."""

    source: str  # a path, or "-"
    display: str
    settings: Settings


# ---------------------------------------------------------------------------
# Reading and linting one document (the draft readers' seam)
# ---------------------------------------------------------------------------


def read_document_text(path: str | os.PathLike[str]) -> str:
    """Decoded, newline-normalised text of a contract file (OSError/DecodeError)."""
    from contractlint.decode import read_text  # refuses FIFOs, devices, huge files

    return read_text(str(path)).text


def lint_path(
    path: str | os.PathLike[str], settings: Settings, display: str | None = None
) -> tuple[str, list[Diagnostic]]:
    """Lint one file: ``(the text the spans refer to, diagnostics)``.

    Draft readers dispatch here on ``Path(path).suffix`` (``.docx`` → their
    Document → ``lint.check_document``).
    """
    from contractlint.lint import lint
    from contractlint.readers import is_draft

    if is_draft(str(path)):  # .docx/.md/.markdown/.txt: see docs/drafts.md
        from contractlint.readers import lint_draft

        document, diagnostics = lint_draft(str(path), settings, display=display or str(path))
        document.drop_caches()  # see Document.drop_caches: freed when dropped
        return document.text, diagnostics
    text = read_document_text(path)
    return text, lint(text, display or str(path), settings)


def normalised_match(text: str, diagnostic: Diagnostic) -> str:
    """The matched text, normalised for fingerprints that survive moves and reflows.

    NFKC, whitespace collapsed; a span over several lines keeps its first line
    (a clause heading), so editing the clause body does not change it.
    """
    import unicodedata

    span = diagnostic.span
    chunk = text[span.start_offset : span.end_offset]
    if "\n" in chunk.strip("\n"):
        chunk = chunk.strip("\n").split("\n", 1)[0]
    chunk = unicodedata.normalize("NFKC", chunk)
    return " ".join(chunk.split())[:300]


def _lint_one(item: Input) -> FileResult:
    from contractlint.decode import DecodeError

    lint_settings = replace(item.settings, per_file_ignores=())
    try:
        if item.source == "-":
            from contractlint.decode import decode_bytes
            from contractlint.lint import lint

            text = decode_bytes(sys.stdin.buffer.read()).text
            diagnostics = lint(text, item.display, lint_settings)
        else:
            text, diagnostics = lint_path(item.source, lint_settings, item.display)
    except OSError as error:
        return FileResult(item.display, error=f"cannot read: {error.strerror or error}")
    except DecodeError as error:
        return FileResult(item.display, error=str(error))
    except RecursionError:
        return FileResult(item.display, error="internal error: the contract is nested too deeply")
    except Exception as error:  # a bug must not hide the other files' findings
        if type(error).__name__ == "PackError":  # a bad rule pack: named by file and line
            return FileResult(item.display, error=str(error))
        return FileResult(
            item.display,
            error=f"internal error while linting ({type(error).__name__}: {error}); "
            "please report it with this file",
        )
    matched = [normalised_match(text, d) for d in diagnostics]
    return FileResult(item.display, diagnostics, matched, text=text if item.source == "-" else None)


def _lint_indexed(job: tuple[int, Input]) -> tuple[int, FileResult]:
    index, item = job
    return index, _lint_one(item)


# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------


def _excluded(path: str, settings: Settings) -> bool:
    if not settings.exclude:
        return False
    from contractlint.config import glob_matches

    root = settings.extra.get("root") if settings.extra else None
    return any(
        glob_matches(p, path, root if isinstance(root, str) else None) for p in settings.exclude
    )


def iter_inputs(
    paths: Iterable[str],
    settings_for: object,
    problems: list[str],
    stdin_filename: str | None = None,
    force_exclude: bool = False,
) -> Iterator[Input]:
    """Expand folders to their contract files (sorted); keep the given order otherwise.

    ``settings_for(path)`` gives each file's settings (closest configuration).
    """
    get = settings_for  # a callable: str -> Settings
    for raw in paths:
        if raw == "-":
            display = stdin_filename or "-"
            yield Input("-", display, get(stdin_filename or "-"))  # type: ignore[operator]
            continue
        if os.path.isdir(raw):
            found: list[str] = []
            try:
                for folder, dirs, files in os.walk(raw, onerror=_raise):
                    dirs[:] = sorted(d for d in dirs if d not in DEFAULT_EXCLUDES)
                    found.extend(
                        os.path.normpath(os.path.join(folder, name))
                        for name in files
                        if name.endswith(DOCUMENT_SUFFIXES)
                    )
            except OSError as error:
                problems.append(f"{raw}: cannot read folder: {error.strerror or error}")
                continue
            for name in sorted(found, key=_path_parts):
                settings = get(name)  # type: ignore[operator]
                if not _excluded(name, settings):
                    yield Input(name, name, settings)
        elif os.path.lexists(raw):  # a broken link too: the reader says why
            settings = get(raw)  # type: ignore[operator]
            if force_exclude and _excluded(raw, settings):
                continue
            yield Input(raw, raw, settings)
        else:
            problems.append(f"{raw}: no such file or folder")


def _raise(error: OSError) -> None:
    raise error


def _path_parts(path: str) -> list[str]:
    """Sort key: folder by folder, so ``a/b/x`` stays next to ``a/b/y``."""
    return path.split(os.sep)


# ---------------------------------------------------------------------------
# The cache
# ---------------------------------------------------------------------------

_CODE_HASH: str | None = None


def code_fingerprint() -> str:
    """contractlint's version, source files and bundled rules/grammar (by size and mtime)."""
    global _CODE_HASH
    if _CODE_HASH is not None:
        return _CODE_HASH
    from contractlint import __version__
    from contractlint import digest as digests
    from contractlint.resources import grammar_path, package_dir, rules_dir

    digest = digests.new(f"contractlint {__version__} cache {CACHE_FORMAT}".encode())
    roots = [package_dir(), rules_dir(), os.path.dirname(grammar_path())]
    for root in roots:
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".yaml", ".yml", ".lark", ".json", ".toml")):
                    _stat_into(digest, os.path.join(folder, name))
    _CODE_HASH = digest.hexdigest()
    return _CODE_HASH


def _stat_into(digest: blake2b, path: str) -> None:
    try:
        stat = os.stat(path)
    except OSError:
        digest.update(f"{path}:missing".encode())
        return
    digest.update(f"{path}:{stat.st_size}:{stat.st_mtime_ns}".encode())


def settings_fingerprint(settings: Settings) -> str:
    """What in the settings changes lint output (per-file ignores are applied after)."""
    from contractlint import digest as digests

    digest = digests.new(code_fingerprint().encode())
    digest.update(
        repr(
            (
                settings.select,
                settings.ignore,
                settings.extend_select,
                settings.severity,
                settings.profile,
                settings.packs,
                settings.message_language,
            )
        ).encode()
    )
    for pack in settings.packs:
        files = [pack]
        if os.path.isdir(pack):
            files = sorted(
                os.path.join(folder, name)
                for folder, _dirs, names in os.walk(pack)
                for name in names
            )
        for item in files:
            _stat_into(digest, item)
    return digest.hexdigest()


def default_cache_dir(settings: Settings) -> str:
    configured = settings.extra.get("cache_dir") if settings.extra else None
    if isinstance(configured, str):
        return configured
    root = settings.extra.get("root") if settings.extra else None
    return os.path.join(root if isinstance(root, str) else os.getcwd(), CACHE_DIR_NAME)


class Cache:
    """One pickle per (file bytes, path, settings) key under ``<dir>/v<format>/``."""

    def __init__(self, folder: str | None) -> None:
        self.folder = folder  # None: derive from each file's settings
        self._settings_keys: dict[int, str] = {}
        self._made: set[str] = set()

    def _dir(self, settings: Settings) -> str:
        base = self.folder or default_cache_dir(settings)
        return os.path.join(base, f"v{CACHE_FORMAT}")

    def key(self, item: Input) -> str | None:
        from contractlint import digest as digests
        from contractlint.decode import DecodeError, read_file

        try:
            data, _stamp = read_file(item.source)  # never blocks on a FIFO or device
        except (OSError, DecodeError):
            return None
        skey = self._settings_keys.get(id(item.settings))
        if skey is None:
            skey = settings_fingerprint(item.settings)
            self._settings_keys[id(item.settings)] = skey
        digest = digests.new(skey.encode())
        digest.update(item.display.encode("utf-8", "surrogateescape") + b"\0")
        digest.update(data)
        return digest.hexdigest()

    def get(self, item: Input, key: str) -> FileResult | None:
        import pickle

        try:
            with open(os.path.join(self._dir(item.settings), key), "rb") as handle:
                diagnostics, matched = pickle.load(handle)
        except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError):
            return None
        except Exception:  # a stale pickle of a changed class: treat as a miss
            return None
        return FileResult(item.display, diagnostics, matched, cached=True)

    def put(self, item: Input, key: str, result: FileResult) -> None:
        import pickle

        folder = self._dir(item.settings)
        try:
            if folder not in self._made:
                _make_cache_dir(folder)
                self._made.add(folder)
            tmp = os.path.join(folder, f".{key}.{os.getpid()}.tmp")
            with open(tmp, "wb") as handle:
                pickle.dump((result.diagnostics, result.matched), handle, protocol=5)
            os.replace(tmp, os.path.join(folder, key))
        except OSError:
            pass  # an unwritable cache only costs speed


def _make_cache_dir(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    top = os.path.dirname(folder)
    tag = os.path.join(top, "CACHEDIR.TAG")
    if not os.path.exists(tag):
        _write(
            tag,
            "Signature: 8a477f597d28d172789f06886806bc55\n"
            "# This file is a cache directory tag created by contractlint.\n",
        )
        _write(os.path.join(top, ".gitignore"), "# Automatically created by contractlint.\n*\n")


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)


# ---------------------------------------------------------------------------
# Running
# ---------------------------------------------------------------------------


@dataclass
class RunOptions:
    """How a run goes: parallel jobs and the result cache."""

    jobs: int | None = None  # None: the number of cores
    cache: bool = True
    cache_dir: str | None = None


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


def run(inputs: list[Input], options: RunOptions | None = None) -> list[FileResult]:
    """Lint every input; results in input order, identical whatever ``jobs`` is."""
    options = options or RunOptions()
    results: list[FileResult | None] = [None] * len(inputs)
    cache = Cache(options.cache_dir or None) if options.cache else None
    keys: list[str | None] = [None] * len(inputs)
    todo: list[tuple[int, Input]] = []
    for index, item in enumerate(inputs):
        if cache is not None and item.source != "-":
            key = cache.key(item)
            keys[index] = key
            if key is not None:
                hit = cache.get(item, key)
                if hit is not None:
                    results[index] = hit
                    continue
        todo.append((index, item))

    jobs = options.jobs or default_jobs()
    jobs = max(1, min(jobs, len(todo)))
    stdin_jobs = [job for job in todo if job[1].source == "-"]
    file_jobs = [job for job in todo if job[1].source != "-"]
    for index, item in stdin_jobs:  # standard input is read in this process
        results[index] = _lint_one(item)
    if jobs > 1 and _worth_a_pool(file_jobs):
        for index, result in _run_pool(file_jobs, jobs):
            results[index] = result
    else:
        for index, item in file_jobs:
            results[index] = _lint_one(item)

    if cache is not None:
        for index, item in file_jobs:
            result = results[index]
            key = keys[index]
            if key is not None and result is not None and result.error is None:
                cache.put(item, key, result)

    final = [r for r in results if r is not None]
    for item, result in zip(inputs, final, strict=True):
        _apply_per_file_ignores(item.settings, result)
    return final


def _worth_a_pool(file_jobs: list[tuple[int, Input]]) -> bool:
    """Starting workers costs about as much as linting a few small files."""
    if len(file_jobs) >= 4:
        return True
    if len(file_jobs) < 2:
        return False
    size = 0
    for _index, item in file_jobs:
        try:
            size += os.stat(item.source).st_size
        except OSError:
            pass
    return size >= 256 * 1024


def _run_pool(jobs_list: list[tuple[int, Input]], jobs: int) -> list[tuple[int, FileResult]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    from contractlint.lint import lint

    lint("", "-")  # build the parser and load the packs once, before forking
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, len(jobs_list) // (jobs * 8))
    try:
        with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
            return list(pool.map(_lint_indexed, jobs_list, chunksize=chunk))
    except (BrokenProcessPool, OSError):  # a worker died (memory?): finish in this process
        return [_lint_indexed(job) for job in jobs_list]


def _apply_per_file_ignores(settings: Settings, result: FileResult) -> None:
    if not settings.per_file_ignores or not result.diagnostics:
        return
    from contractlint.config import ignored_for_path

    off = ignored_for_path(settings, result.path, {d.code for d in result.diagnostics})
    if not off:
        return
    kept = [
        (d, m) for d, m in zip(result.diagnostics, result.matched, strict=True) if d.code not in off
    ]
    result.diagnostics = [d for d, _ in kept]
    result.matched = [m for _, m in kept]
