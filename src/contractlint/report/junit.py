"""JUnit XML: one test suite per file, one failing test case per finding."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from contractlint.report import ReportContext


def render_junit(context: ReportContext) -> str:
    root = ET.Element("testsuites", name="contractlint")
    total = failures = 0
    for result in context.results:
        suite = ET.SubElement(root, "testsuite", name=result.path)
        count = max(1, len(result.diagnostics))
        suite.set("tests", str(count))
        suite.set("failures", str(len(result.diagnostics)))
        suite.set("errors", "1" if result.error else "0")
        total += count
        failures += len(result.diagnostics)
        if result.error:
            case = ET.SubElement(suite, "testcase", name="read", classname=result.path)
            ET.SubElement(case, "error", message=result.error)
            continue
        if not result.diagnostics:
            ET.SubElement(suite, "testcase", name="contractlint", classname=result.path)
            continue
        for d in result.diagnostics:
            span = d.span
            case = ET.SubElement(
                suite,
                "testcase",
                name=f"{d.code} {d.name}",
                classname=result.path,
                file=result.path,
                line=str(span.start_line),
            )
            failure = ET.SubElement(case, "failure", message=d.message, type=d.severity.value)
            body = f"{result.path}:{span.start_line}:{span.start_col}: {d.code} {d.message}"
            if d.help:
                body += f"\nhelp: {d.help}"
            failure.text = body
    root.set("tests", str(total))
    root.set("failures", str(failures))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
