"""The language server (``contractlint lsp``): a thin shell over :func:`contractlint.lint.lint_with_document`.

Only :mod:`contractlint.cli.lsp` imports :mod:`contractlint.lsp.server` (and so
pygls); the other modules of this package are pure and cheap to import.
"""
