"""The rule engine: select rules, run them over one document, stamp diagnostics.

Rules come from :mod:`contractlint.packs`; a rule is either a declarative kind
(:mod:`contractlint.declarative`) or a Python check (:mod:`contractlint.checks`).
The engine, not the rule, stamps code, name, severity (after overrides),
message and fix title in the chosen language.
"""

from __future__ import annotations

from typing import Any

from contractlint import config, rxcache
from contractlint.diagnostic import Diagnostic, Severity
from contractlint.gcpause import collector_paused
from contractlint.model import Document
from contractlint.packs import Rule, load_rules
from contractlint.profiles import PROFILES, resolve
from contractlint.settings import Settings

_PLAIN = (str, int, float, bool)  # finding arguments copied into Diagnostic.data


class _Args(dict[str, Any]):
    """format_map mapping that leaves unknown placeholders as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def is_selected(code: str, settings: Settings) -> bool:
    """Whether a rule is on (the selection semantics live in :mod:`contractlint.config`)."""
    return config.is_selected(settings, code)


def severity_for(rule: Rule, settings: Settings) -> Severity:
    return Severity(config.severity_for(settings, rule.code, rule.severity))


def validate_settings(settings: Settings) -> None:
    """Raise PackError for a bad rule pack or an unknown profile in the settings."""
    from contractlint.packs import PackError
    from contractlint.profiles import PROFILES

    load_rules(settings.packs)
    if settings.profile and settings.profile not in PROFILES:
        known = ", ".join(sorted(PROFILES))
        raise PackError(f"unknown profile {settings.profile!r} (known: {known})")


def selected_rules(settings: Settings) -> list[Rule]:
    return [rule for rule in load_rules(settings.packs) if is_selected(rule.code, settings)]


def run_rules(document: Document, settings: Settings) -> list[Diagnostic]:
    """Every finding of the selected rules that apply to this document's language and profile.

    The garbage collector is paused meanwhile, as during the parse: rules and fact
    extraction allocate many small acyclic objects, and on a 10 MB contract the
    collector's full passes over the live document cost more than the rules.
    """
    try:
        with collector_paused():
            return _run_rules(document, settings)
    finally:
        # Patterns compiled for the first time are kept for the next run now, not
        # at exit: worker processes of ``check -j`` end without running atexit.
        rxcache.save()


def _run_rules(document: Document, settings: Settings) -> list[Diagnostic]:
    from contractlint.checks import CheckContext, get_check
    from contractlint.declarative import evaluate
    from contractlint.packs import PackError

    if settings.profile and settings.profile not in PROFILES:
        validate_settings(settings)
    resolution = resolve(document, settings)
    document.notes["_profile"] = resolution
    doc_lang = document.language
    language = (settings.message_language or doc_lang).lower()[:2]
    if language not in ("zh", "en"):
        language = doc_lang
    diagnostics: list[Diagnostic] = []
    for rule in selected_rules(settings):
        if doc_lang not in rule.languages or not rule.applies_to(resolution.profile):
            continue
        if rule.declarative:
            findings = evaluate(rule.check, document, rule.options, resolution.profile, language)
        else:
            function = get_check(rule.check)
            if function is None:
                raise PackError(f"{rule.path}:{rule.line}: check: unknown check {rule.check!r}")
            context = CheckContext(document, language, resolution.profile, dict(rule.options))
            findings = function(context)
        severity = severity_for(rule, settings)
        message_template = rule.text("message", language)
        help_template = rule.text("help", language)
        left = _left_to_cover_page(document, rule)
        if left is not None:  # not missing: the draft's cover page holds it
            severity = Severity.INFO
            message_template, help_template = _cover_page_texts(left, language)
        url = rule.url  # once per rule: it reads the environment
        for finding in findings:
            args = _Args(finding.args)
            data: dict[str, object] = {
                key: value for key, value in finding.args.items() if isinstance(value, _PLAIN)
            }
            data["url"] = url
            data["profile"] = resolution.profile  # the id, whatever a message calls it
            diagnostics.append(
                Diagnostic(
                    code=rule.code,
                    name=rule.name,
                    severity=severity,
                    message=message_template.format_map(args),
                    span=finding.span,
                    path=document.path,
                    help=help_template.format_map(args) if help_template else None,
                    fix=finding.fix,
                    data=data,
                )
            )
    return diagnostics


def _left_to_cover_page(document: Document, rule: Rule) -> tuple[str, str] | None:
    """(term, page) when the draft leaves one of the rule's cover-page terms to
    its cover page (as standard agreements published as Markdown do).

    Only drafts whose reader recorded cover-page terms are concerned.
    """
    if not rule.cover_page_terms or "cover_page_terms" not in document.notes:
        return None
    from contractlint.readers.coverpage import left_to_cover_page

    items = {str(i["term"]).lower(): i for i in document.notes["cover_page_terms"]}
    pages = (document.notes.get("cover_page") or {}).get("pages") or ["Cover Page"]
    for term in rule.cover_page_terms:
        # The term must be one the draft refers to: a general "terms of the Cover
        # Page" clause alone does not excuse a clause that is simply absent.
        referred = term.lower() in items or term in document.text
        if referred and left_to_cover_page(document, term):
            item = items.get(term.lower())
            return term, str(item["page"]) if item and item.get("page") else pages[0]
    return None


def _cover_page_texts(left: tuple[str, str], language: str) -> tuple[str, str]:
    term, page = (text.replace("{", "{{").replace("}", "}}") for text in left)  # format_map
    if language == "zh":
        return (
            f"“{term}”留待{page}约定，本文没有写明",
            f"核对{page}已写明“{term}”；签署的文件应包括{page}",
        )
    return (
        f"{term} is left to the {page}, not stated in these terms",
        f"Check that the {page} fills in the {term}, and that the {page} is signed with these terms",
    )
