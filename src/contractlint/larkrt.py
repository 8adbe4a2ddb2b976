"""The Lark runtime the parser uses: a standalone module generated for our grammar.

Importing the ``lark`` package costs a command-line run about 20 ms (its
grammar compiler, the Earley parsers, ``tempfile`` …) although a cached LALR
parse uses none of it. Lark can write a *standalone* module holding only the
LALR runtime and our grammar's tables (``lark.tools.standalone``). We generate
that module once into the user cache, keyed by the grammar's text and Lark's
version, and import it on later runs; its bytecode is cached like any module's.

Without a writable cache, or on any problem with the generated module, the
parser is built with ``lark`` itself, so this is purely a start-up saving.
The cache folder is the user's own; Lark's own table cache there is a pickle,
so trusting a module in it adds no new exposure.
"""

from __future__ import annotations

import os
import sys
import threading
import zlib
from importlib.machinery import PathFinder, SourceFileLoader
from types import ModuleType
from typing import Any, NamedTuple

from contractlint.resources import cache_dir, grammar_path, keep_newest

_loading = threading.Lock()
_KEEP_MODULES = 4  # generated modules kept in the user cache
_FORMAT = 3  # bump when the way the module is generated changes
_OPTIONS: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "maybe_placeholders": False}


class Runtime(NamedTuple):
    """What the parser needs from Lark, from whichever source it came."""

    parser: Any  # Lark or the standalone module's Lark
    Token: type
    UnexpectedInput: type
    UnexpectedToken: type


def load(transformer: object) -> Runtime:
    """The parser for ``grammar/contract.lark`` with ``transformer``'s inline callbacks.

    One thread at a time: two threads parsing their first documents together
    would otherwise both write, compile and import the module.
    """
    with _loading:
        return _load(transformer)


def _load(transformer: object) -> Runtime:
    with open(grammar_path(), encoding="utf-8") as handle:
        grammar = handle.read()
    folder = cache_dir()
    if folder is not None:
        module = _standalone(folder, grammar)
        if module is not None:
            try:
                return _runtime(module, module.Lark_StandAlone(transformer=transformer))
            except Exception:  # a damaged module: use lark itself, and write it anew next time
                sys.modules.pop(module.__name__, None)
                _remove(module.__file__ or "")
    return _from_lark(grammar, transformer, folder)


def _runtime(module: Any, parser: Any) -> Runtime:
    return Runtime(parser, module.Token, module.UnexpectedInput, module.UnexpectedToken)


def _from_lark(grammar: str, transformer: object, folder: str | None) -> Runtime:
    import lark
    from lark import exceptions

    options = dict(_OPTIONS, transformer=transformer)
    if folder is not None:
        options["cache"] = os.path.join(folder, "grammar.lark.cache")
    try:
        parser = lark.Lark(grammar, **options)
    except (OSError, EOFError, ValueError):  # a broken or unwritable cache: build without it
        options.pop("cache", None)
        parser = lark.Lark(grammar, **options)
    return Runtime(parser, lark.Token, exceptions.UnexpectedInput, exceptions.UnexpectedToken)


def _standalone(folder: str, grammar: str) -> ModuleType | None:
    """Import the generated module for this grammar and Lark version, writing it if new."""
    version = _lark_version()
    if version is None:
        return None
    key = zlib.crc32(f"{_FORMAT}\0{version}\0{grammar}".encode())
    name = f"contractlint_grammar_{key:08x}"
    path = os.path.join(folder, f"{name}.py")
    if not os.path.exists(path) and not _generate(path, grammar):
        return None
    module = sys.modules.get(name)
    if module is not None:
        return module
    _ensure_bytecode(folder, name, path)
    module = ModuleType(name)
    module.__file__ = path
    sys.modules[name] = module
    try:
        SourceFileLoader(name, path).exec_module(module)
    except Exception:  # damaged: drop it so the next run writes it again
        del sys.modules[name]
        _remove(path)
        return None
    return module


def _ensure_bytecode(folder: str, name: str, path: str) -> None:
    """Compile the module's bytecode if it has none, or none for this source.

    Compiling the 140 KB module costs about 40 ms, every run, where Python is
    told not to write bytecode (``PYTHONDONTWRITEBYTECODE``, ``-B``): that
    stops the import from caching it, but not a compile asked for here. The
    bytecode must match the source's size and time: first runs started
    together each write the module (Lark's output varies from run to run), and
    the bytecode of one would not match the source another left behind.
    """
    tag = sys.implementation.cache_tag
    if tag is None:
        return
    if _bytecode_matches(os.path.join(folder, "__pycache__", f"{name}.{tag}.pyc"), path):
        return
    import py_compile

    try:
        py_compile.compile(path, doraise=True)
    except (OSError, py_compile.PyCompileError):
        pass  # the import compiles it in memory instead


def _bytecode_matches(pyc: str, source: str) -> bool:
    """Whether a timestamp-based .pyc header (PEP 552) records ``source``'s mtime and size."""
    try:
        with open(pyc, "rb") as handle:
            header = handle.read(16)
        stat = os.stat(source)
    except OSError:
        return False
    if len(header) < 16 or int.from_bytes(header[4:8], "little") != 0:
        return False  # too short, or hash-based: let it be compiled afresh
    mtime = int.from_bytes(header[8:12], "little")
    size = int.from_bytes(header[12:16], "little")
    return mtime == int(stat.st_mtime) & 0xFFFFFFFF and size == stat.st_size & 0xFFFFFFFF


def _lark_version() -> str | None:
    """Lark's version, read from its package without importing it (that is the cost saved).

    Only the version keys the module: it is self-contained, so every install of
    one Lark version (each virtual environment has its own) shares it.
    """
    spec = PathFinder.find_spec("lark")
    if spec is None or spec.origin is None:
        return None
    try:
        with open(spec.origin, encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("__version__"):
                    return line.strip()
    except OSError:
        return None
    return None


def _generate(path: str, grammar: str) -> bool:
    import io

    try:
        import lark
        from lark.tools.standalone import gen_standalone

        out = io.StringIO()
        gen_standalone(lark.Lark(grammar, **_OPTIONS), out=out)
        tmp = f"{path}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(_without_unused_imports(out.getvalue()))
        os.replace(tmp, path)
    except Exception:  # an unwritable cache or a Lark without the tool: run uncached
        return False
    _prune(os.path.dirname(path), keep=_KEEP_MODULES)
    return True


def _prune(folder: str, keep: int) -> None:
    """Keep the newest ``keep`` generated modules (one per grammar and Lark version)."""
    tag = sys.implementation.cache_tag
    for module in keep_newest(folder, "contractlint_grammar_", ".py", keep):
        if tag:
            name = os.path.basename(module)[: -len(".py")]
            _remove(os.path.join(folder, "__pycache__", f"{name}.{tag}.pyc"))


# Lark's logger is set to CRITICAL and only ever logs below that level, so it
# prints nothing; a do-nothing stand-in spares the ~4 ms import of ``logging``.
_LOGGER_LINES = (
    "import logging\n",
    'logger: logging.Logger = logging.getLogger("lark")\n'
    "logger.addHandler(logging.StreamHandler())\n",
    "logger.setLevel(logging.CRITICAL)\n",
)
_QUIET_LOGGER = (
    "class _QuietLogger:  # contractlint: Lark's CRITICAL-level logger emits nothing\n"
    "    def debug(self, *args, **kwargs):\n"
    "        pass\n"
    "    info = warning = error = exception = debug\n"
    "logger = _QuietLogger()\n"
)


def _without_unused_imports(source: str) -> str:
    """Drop what the standalone module imports but a parser from its tables never uses.

    It imports pickle (about 3 ms) for ``Lark.save`` / ``Lark.load`` from a file,
    which a parser built from the embedded tables never calls (were it called,
    the NameError would send :func:`load` back to Lark itself), and ``logging``
    for a logger that never prints. Each change is made only where the text is
    exactly as Lark writes it today; a module generated differently keeps it.
    """
    source = source.replace("\nimport pickle, zlib, base64\n", "\n", 1)
    imports, setup, level = _LOGGER_LINES
    rest = source.replace(imports, "").replace(setup, "").replace(level, "")
    if all(source.count(line) == 1 for line in _LOGGER_LINES) and "logging" not in rest:
        source = source.replace(imports, "").replace(level, "").replace(setup, _QUIET_LOGGER)
    return source


def _remove(path: str) -> None:
    try:
        os.remove(path)
    except OSError:
        pass
