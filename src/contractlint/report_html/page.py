"""Assemble the report page: toolbar, overview heat map, one section per contract.

Each contract's details (summary, checklist and marked-up text: the heavy
part) are written as the text of a ``<script type="text/x-contractlint">``
element. The browser skips over such text without building a single node, and
the page's script turns it into markup only when the contract's section nears
the viewport (or is linked to, or printed), so a report on hundreds of
contracts opens and scrolls like a short one. Rule explanations (why, legal
source) are written once, in a JSON table, and filled into each finding's card
when its contract is shown.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from functools import lru_cache
from html import escape
from pathlib import Path

from contractlint import __version__
from contractlint.checklist import FINDINGS, MISSING, OK, Checklist, ChecklistItem
from contractlint.report_html.body import place, render_body
from contractlint.report_html.model import ContractReport
from contractlint.report_html.rules import family_of, rule_meta
from contractlint.report_html.strings import FAMILIES, UI
from contractlint.report_html.strings import text as ui

_HERE = Path(__file__).resolve().parent
SEVERITIES = ("error", "warning", "info")
LAZY_TYPE = "text/x-contractlint"  # a script type browsers neither run nor parse as markup
_STATUS_KEY = {OK: "ok", FINDINGS: "findings_status", MISSING: "missing"}
_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; "
    "img-src data:; font-src data:"
)


@lru_cache(maxsize=2)
def _asset(name: str) -> str:
    return (_HERE / name).read_text(encoding="utf-8")


def ui_language(reports: list[ContractReport], language: str | None) -> str:
    """The interface language: as asked, else the language most contracts use."""
    if language in UI:
        return language
    counts = Counter(r.language for r in reports if r.problem is None)
    return counts.most_common(1)[0][0] if counts and counts.most_common(1)[0][0] in UI else "en"


def render_report(
    reports: list[ContractReport],
    language: str | None = None,
    title: str | None = None,
    today: str | None = None,
) -> str:
    """The whole self-contained HTML document for these contracts."""
    lang = ui_language(reports, language)
    out: list[str] = []
    families: Counter[str] = Counter()
    severities: Counter[str] = Counter()
    codes: set[str] = set()
    for report in reports:
        for diagnostic in report.diagnostics:
            families[family_of(diagnostic.code)] += 1
            severities[diagnostic.severity.value] += 1
            codes.add(diagnostic.code)
    if title is None:
        title = ui(lang, "title")
        if len(reports) == 1:
            title = f"{title} — {reports[0].title}"

    out.append(
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="generator" content="contractlint">\n'
        '<link rel="icon" href="data:,">\n'
        f"<title>{escape(title)}</title>\n<style>\n{_asset('report.css')}\n"
    )
    for family in sorted(families):
        out.append(f".hide-fam-{family} .card.fam-{family}{{display:none}}\n")
    out.append("</style>\n</head>\n<body>\n")
    _toolbar(out, lang, title, severities, families)
    out.append(f'<noscript><p class="noscript">{escape(ui(lang, "noscript"))}</p></noscript>\n')
    out.append('<main id="main">\n')
    if len(reports) > 1:
        _overview(out, lang, reports)
    for number, report in enumerate(reports, start=1):
        _contract(out, lang, number, report)
    _glossary(out, lang, sorted(codes))
    out.append("</main>\n")
    today = today or date.today().isoformat()
    out.append(
        f'<footer class="gen">{escape(ui(lang, "generated", version=__version__, date=today))}'
        "</footer>\n"
    )
    out.append(
        '<script type="application/json" id="rule-data">'
        + _json({"rules": _rules_table(sorted(codes)), "ui": _ui_labels(lang)})
        + "</script>\n<script>\n"
        + _asset("report.js")
        + "\n</script>\n</body>\n</html>\n"
    )
    return "".join(out)


def _json(value: object) -> str:
    """JSON safe inside a <script> element."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _rules_table(codes: list[str]) -> dict[str, dict[str, object]]:
    table: dict[str, dict[str, object]] = {}
    for code in codes:
        meta = rule_meta(code)
        table[code] = {
            "name": meta.name,
            "why": meta.why,
            "source": meta.source,
            "url": meta.url or "",
            "family": meta.family,
        }
    return table


def _ui_labels(lang: str) -> dict[str, str]:
    return {key: ui(lang, key) for key in ("why", "legal_source", "loading")}


def _toolbar(
    out: list[str], lang: str, title: str, severities: Counter[str], families: Counter[str]
) -> None:
    out.append(
        f'<header class="top" id="top"><h1>{escape(title)}</h1>'
        f'<form class="filters" id="filters">'
        f"<fieldset><legend>{ui(lang, 'severity')}</legend>"
    )
    for severity in SEVERITIES:
        out.append(
            f'<label class="chip s-{severity}"><input type="checkbox" checked '
            f'data-hide="s-{severity}" name="sev-{severity}"> {ui(lang, severity)} '
            f'<span class="n">{severities.get(severity, 0)}</span></label>'
        )
    out.append("</fieldset>")
    if families:
        out.append(f"<fieldset><legend>{ui(lang, 'family')}</legend>")
    for family in sorted(families):
        label = family_title(family, lang)
        out.append(
            f'<label class="chip fam" title="{escape(label)}"><input type="checkbox" checked '
            f'data-hide="fam-{family}" name="fam-{family}"> {family} '
            f'<span class="n">{families[family]}</span></label>'
        )
    if families:
        out.append("</fieldset>")
    out.append("</form></header>\n")


def family_title(family: str, lang: str) -> str:
    titles = FAMILIES.get(family[:3], {})
    return titles.get(lang) or titles.get("en") or family


def _columns(reports: list[ContractReport]) -> list[tuple[str, str, str]]:
    """Overview columns: every element of every profile present, in profile order."""
    seen: dict[str, tuple[str, str, str]] = {}
    for report in reports:
        if report.checklist is None:
            continue
        for item in report.checklist.items:
            element = item.element
            if element.id not in seen:
                seen[element.id] = (element.id, element.title("zh"), element.title("en"))
    return list(seen.values())


def _heat(item: ChecklistItem) -> tuple[str, int]:
    if item.status == MISSING:
        return "st-missing", 1000
    if item.status == OK:
        return "st-ok", 0
    count = len(item.diagnostics)
    level = 1 if count == 1 else 2 if count <= 3 else 3
    return f"st-findings h{level}", count


def _overview(out: list[str], lang: str, reports: list[ContractReport]) -> None:
    columns = _columns(reports)
    out.append(
        f'<section class="overview" id="overview"><h2>{ui(lang, "overview")}</h2>'
        f'<p class="hint">{escape(ui(lang, "overview_hint"))}</p>'
        f'<input type="search" id="hm-filter" class="hm-filter" '
        f'placeholder="{escape(ui(lang, "filter_contracts"))}" '
        f'aria-label="{escape(ui(lang, "filter_contracts"))}">'
        '<div class="hm-wrap"><table class="hm" id="heatmap"><thead><tr>'
        f'<th data-type="num" scope="col">#</th>'
        f'<th data-type="text" scope="col">{ui(lang, "contract")}</th>'
        f'<th data-type="num" scope="col" class="s-error">{ui(lang, "errors")}</th>'
        f'<th data-type="num" scope="col" class="s-warning">{ui(lang, "warnings")}</th>'
        f'<th data-type="num" scope="col" class="s-info">{ui(lang, "infos")}</th>'
    )
    for _id, zh, en in columns:
        label = zh if lang == "zh" else en
        out.append(
            f'<th data-type="num" scope="col" class="el" title="{escape(label)}">'
            f"<span>{escape(label)}</span></th>"
        )
    out.append("</tr></thead><tbody>\n")
    for number, report in enumerate(reports, start=1):
        counts = report.severity_counts()
        cid = f"c{number}"
        out.append(
            f'<tr><td data-v="{number}">{number}</td>'
            f'<td data-v="{escape(report.path)}"><a href="#{cid}">{escape(report.title)}</a>'
            f"<small>{escape(report.path)}</small></td>"
        )
        for severity in SEVERITIES:
            value = counts[severity]
            out.append(f'<td data-v="{value}" class="n{" z" if not value else ""}">{value}</td>')
        by_id = (
            {item.element.id: item for item in report.checklist.items} if report.checklist else {}
        )
        for element_id, zh, en in columns:
            item = by_id.get(element_id)
            label = zh if lang == "zh" else en
            if item is None:
                out.append(
                    f'<td data-v="-1" class="hm st-na" title="{escape(ui(lang, "na"))}">·</td>'
                )
                continue
            css, value = _heat(item)
            status = ui(lang, _STATUS_KEY[item.status])
            shown = ui(lang, f"{item.status}_short")
            if item.status == FINDINGS:
                shown = str(len(item.diagnostics))
            out.append(
                f'<td data-v="{value}" class="hm {css}"><a href="#{cid}-e-{element_id}" '
                f'title="{escape(label)}: {escape(status)}">{shown}</a></td>'
            )
        out.append("</tr>\n")
    out.append("</tbody></table></div></section>\n")


def _contract(out: list[str], lang: str, number: int, report: ContractReport) -> None:
    cid = f"c{number}"
    out.append(
        f'<section class="contract" id="{cid}" data-lang="{report.language}">'
        f'<h2><span class="cn">{number}</span> {escape(report.title)} '
        f'<small class="path">{escape(report.path)}</small>'
        f'<a class="up" href="#top" title="{ui(lang, "top")}">↑</a></h2>\n'
    )
    if report.problem is not None:
        out.append(
            f'<p class="problem">{ui(lang, "unread")}: {escape(report.problem)}</p></section>\n'
        )
        return
    marked = place(cid, report.text, report.diagnostics)
    ids = {id(m.diagnostic): m.id for m in marked}
    lines = report.text.count("\n") + 1
    rows = len(report.checklist.items) if report.checklist else 0
    estimate = min(lines, 4000) * 1.75 + rows * 2.2 + 10
    out.append(
        f'<div class="lazy" id="{cid}-lazy" style="min-height:{estimate:.0f}em">'
        f'<p class="loading">{ui(lang, "loading")}</p>'
        f'<script type="{LAZY_TYPE}" id="{cid}-src">'
    )
    part: list[str] = []
    _summary(part, lang, report)
    if report.checklist is not None:
        _checklist(part, lang, cid, report.checklist, ids)
    part.append(f'<h3>{ui(lang, "text")}</h3><div class="body" id="{cid}-body">')
    render_body(cid, report.text, marked, lang, part)
    part.append("</div>")
    chunk = "".join(part)
    # Every text is escaped, so no "<" but our own tags; make sure nothing ends the script.
    if "</script" in chunk.lower() or "<!--" in chunk:
        raise ValueError(f"{report.path}: markup would break out of its lazy block")
    out.append(chunk)
    out.append("</script></div></section>\n")


def _summary(out: list[str], lang: str, report: ContractReport) -> None:
    counts = report.severity_counts()
    out.append('<div class="summary"><div class="sevs">')
    for severity in SEVERITIES:
        out.append(
            f'<span class="badge s-{severity}{" z" if not counts[severity] else ""}">'
            f"{ui(lang, severity)} <b>{counts[severity]}</b></span>"
        )
    if not report.diagnostics:
        out.append(f' <span class="clean">{ui(lang, "no_findings")}</span>')
    out.append("</div>")
    families = Counter(family_of(d.code) for d in report.diagnostics)
    if families:
        out.append(f'<div class="fams"><span class="cap">{ui(lang, "by_family")}</span>')
        for family in sorted(families):
            out.append(
                f'<span class="fam fam-{family}" title="{escape(family_title(family, lang))}">'
                f"<b>{family}</b> {escape(family_title(family, lang))} "
                f'<span class="n">{families[family]}</span></span>'
            )
        out.append("</div>")
    out.append("</div>\n")


def _checklist(
    out: list[str],
    lang: str,
    cid: str,
    checklist: Checklist,
    ids: dict[int, str],
) -> None:
    counts = checklist.counts()
    out.append(
        f"<h3>{ui(lang, 'checklist')} <small>{escape(checklist.profile.title(lang))} · "
        f"{ui(lang, 'ok')} {counts[OK]} · {ui(lang, 'findings_status')} {counts[FINDINGS]} · "
        f"{ui(lang, 'missing')} {counts[MISSING]}</small></h3>"
        f'<table class="checklist" id="{cid}-checklist"><thead><tr><th>#</th>'
        f"<th>{ui(lang, 'element')}</th><th>{ui(lang, 'status')}</th>"
        f"<th>{ui(lang, 'clause')}</th><th>{ui(lang, 'findings')}</th></tr></thead><tbody>\n"
    )
    for number, item in enumerate(checklist.items, start=1):
        line = item.line
        target = f' data-target="{cid}-L{line}" tabindex="0"' if line else ""
        status_key = _STATUS_KEY[item.status]
        out.append(
            f'<tr id="{cid}-e-{item.element.id}" class="st-{item.status}" '
            f'data-element="{item.element.id}" data-status="{item.status}"{target}>'
            f'<td class="n">{number}</td>'
            f"<td>{escape(item.element.title(lang))}"
            f'<small class="src">{escape(item.element.source)}</small></td>'
            f'<td><span class="st">{ui(lang, item.status + "_short")} '
            f"{ui(lang, status_key)}</span></td><td>"
        )
        links = [
            f'<a href="#{cid}-L{a.target.start_line}">{escape(a.label)}</a>' for a in item.anchors
        ]
        out.append(", ".join(links) or "—")
        out.append("</td><td>")
        finding_links = []
        for diagnostic in item.diagnostics:
            fid = ids.get(id(diagnostic))
            if fid is None:
                continue
            finding_links.append(
                f'<a class="s-{diagnostic.severity.value}" href="#{fid}" data-f="{fid}">'
                f"{escape(diagnostic.code)}</a>"
            )
        out.append(" ".join(finding_links))
        out.append("</td></tr>\n")
    out.append("</tbody></table>\n")


def _glossary(out: list[str], lang: str, codes: list[str]) -> None:
    if not codes:
        return
    out.append(f'<section class="glossary" id="rules"><h2>{ui(lang, "rules")}</h2><dl>')
    for code in codes:
        meta = rule_meta(code)
        why = meta.why_in(lang)
        out.append(
            f'<dt id="rule-{escape(code)}"><b>{escape(code)}</b> {escape(meta.name)}</dt><dd>'
        )
        if why:
            out.append(f"<p>{escape(why)}</p>")
        if meta.source:
            out.append(
                f'<p class="src"><span class="lb">{ui(lang, "legal_source")}</span> '
                f"{escape(meta.source)}</p>"
            )
        out.append("</dd>")
    out.append("</dl></section>\n")
