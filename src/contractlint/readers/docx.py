"""Word drafts (.docx): paragraphs, tables, heading styles, bold leads, automatic numbers.

The document's text is the body's paragraphs joined by newlines, one Word
paragraph or table cell per line, so a finding at ``path:12:5`` means
paragraph 12, character 5 (empty paragraphs count; a table cell counts as one
paragraph, its inner paragraphs joined by a space). ``document.notes``:

- ``docx_lines``: for each line, what it is (``paragraph`` with its style, or
  ``cell`` with table, row and cell, all 0-based) — see :func:`describe_line`;
- ``docx_breaks``: offsets of the spaces that stand for a soft line break or a
  paragraph break inside a cell (the writer turns them back into line breaks);
- ``docx_emphasis``: ``(start, end, "bold"|"underline")`` runs, for rules on
  format clauses that must be highlighted;
- ``docx_auto_numbers``: line number → the number Word draws (not in the text).

Word's automatic numbering (第%1条, %1.%2, （%1）…) is rendered from the
numbering definitions so that clause numbers are known even though they are
not characters of the paragraph. Headers, footers, footnotes and comments are
not read. python-docx is imported here only, when a .docx file is read.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from typing import Any

from contractlint.model import Document
from contractlint.readers.structure import Line, recognise

BREAK = " "  # what a soft line break (or a cell's paragraph break) becomes in the text


@dataclass(slots=True)
class _Style:
    heading: int | None
    title: bool
    bold: bool
    num: tuple[str, int] | None  # (numId, ilvl)
    name: str


class _Reader:
    def __init__(self, word: Any) -> None:
        from docx.oxml.ns import qn

        self.qn = qn
        self.word = word
        self.styles: dict[str | None, _Style] = {}
        self.style_elements: dict[str, Any] = {}
        try:
            for style in word.styles.element.iterchildren(qn("w:style")):
                self.style_elements[style.get(qn("w:styleId"))] = style
        except (AttributeError, KeyError):
            pass
        self.default_paragraph_style = next(
            (
                sid
                for sid, el in self.style_elements.items()
                if el.get(qn("w:type")) == "paragraph" and el.get(qn("w:default")) in ("1", "true")
            ),
            None,
        )
        self.numbering = _Numbering(word, qn)
        self.parts: list[str] = []  # text of each line
        self.lines: list[Line] = []
        self.info: list[dict[str, Any]] = []
        self.breaks: list[int] = []
        self.emphasis: list[tuple[int, int, str]] = []
        self.auto_numbers: dict[int, str] = {}
        self.offset = 0
        self.table_count = 0

    # -- styles -----------------------------------------------------------------

    def style(self, style_id: str | None) -> _Style:
        if style_id is None:
            style_id = self.default_paragraph_style
        cached = self.styles.get(style_id)
        if cached is not None:
            return cached
        qn = self.qn
        heading = None
        title = False
        bold = False
        num = None
        name = ""
        seen: set[str] = set()
        current = style_id
        first = True
        while current and current not in seen:
            seen.add(current)
            element = self.style_elements.get(current)
            if element is None:
                break
            name_el = element.find(qn("w:name"))
            style_name = name_el.get(qn("w:val")) if name_el is not None else current
            if first:
                name = style_name
                first = False
            lowered = style_name.lower()
            if heading is None:
                for prefix in ("heading ", "标题 ", "heading"):
                    if lowered.startswith(prefix) and lowered[len(prefix) :].strip().isdigit():
                        heading = int(lowered[len(prefix) :].strip())
                        break
            if lowered in ("title", "标题"):
                title = True
            ppr = element.find(qn("w:pPr"))
            if ppr is not None:
                outline = ppr.find(qn("w:outlineLvl"))
                if heading is None and outline is not None:
                    value = outline.get(qn("w:val"))
                    if value is not None and value.isdigit() and int(value) < 9:
                        heading = int(value) + 1
                if num is None:
                    num = _num_pr(ppr, qn)
            rpr = element.find(qn("w:rPr"))
            if rpr is not None and _on(rpr.find(qn("w:b")), qn):
                bold = True
            based = element.find(qn("w:basedOn"))
            current = based.get(qn("w:val")) if based is not None else None
        result = _Style(heading, title, bold, num, name)
        self.styles[style_id] = result
        return result

    # -- body ------------------------------------------------------------------

    def read(self) -> None:
        body = self.word.element.body
        self.block(body)

    def block(self, container: Any) -> None:
        qn = self.qn
        for child in container.iterchildren():
            if child.tag == qn("w:p"):
                self.paragraph(child)
            elif child.tag == qn("w:tbl"):
                self.table(child)
            elif child.tag == qn("w:sdt"):
                content = child.find(qn("w:sdtContent"))
                if content is not None:
                    self.block(content)

    def paragraph(self, p: Any) -> None:
        qn = self.qn
        ppr = p.find(qn("w:pPr"))
        style_id = None
        num = None
        outline = None
        if ppr is not None:
            pstyle = ppr.find(qn("w:pStyle"))
            style_id = pstyle.get(qn("w:val")) if pstyle is not None else None
            num = _num_pr(ppr, qn)
            outline_el = ppr.find(qn("w:outlineLvl"))
            if outline_el is not None and (outline_el.get(qn("w:val")) or "").isdigit():
                value = int(outline_el.get(qn("w:val")))
                outline = value + 1 if value < 9 else None
        style = self.style(style_id)
        text, breaks, bold, underline = self.runs(p, style.bold)
        start = self.offset
        visible = [i for i, ch in enumerate(text) if not ch.isspace()]
        whole_bold = bool(visible) and all(bold[i] for i in visible)
        lead = None
        if visible and bold[visible[0]] and not whole_bold:
            end = visible[0]
            while end < len(text) and (bold[end] or text[end].isspace()):
                end += 1
            while end > visible[0] and text[end - 1].isspace():
                end -= 1
            lead = (start + visible[0], start + end, start + end)
        number_key = num or style.num
        auto = self.numbering.render(*number_key) if number_key else None
        heading = outline or style.heading
        line = Line(
            start,
            start + len(text),
            kind="text" if visible or auto else "blank",
            heading=heading if visible else None,
            lead=lead,
            whole_bold=whole_bold,
            title_style=style.title and bool(visible),
            auto_number=auto[0] if auto else None,
            auto_key=auto[1] if auto else None,
            breaks=tuple(start + b for b in breaks),
        )
        if auto:
            self.auto_numbers[len(self.lines) + 1] = auto[0]
        self.add(text, line, {"kind": "paragraph", "style": style.name}, bold, underline)

    def table(self, tbl: Any) -> None:
        qn = self.qn
        table_index = self.table_count
        self.table_count += 1
        for row_index, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
            for cell_index, tc in enumerate(tr.iterchildren(qn("w:tc"))):
                texts: list[str] = []
                breaks: list[int] = []
                bold: list[bool] = []
                underline: list[bool] = []
                for p in tc.iter(qn("w:p")):
                    if texts:
                        breaks.append(len("".join(texts)))
                        texts.append(BREAK)
                        bold.append(False)
                        underline.append(False)
                    ppr = p.find(qn("w:pPr"))
                    pstyle = ppr.find(qn("w:pStyle")) if ppr is not None else None
                    style = self.style(pstyle.get(qn("w:val")) if pstyle is not None else None)
                    text, inner_breaks, b, u = self.runs(p, style.bold)
                    base = len("".join(texts))
                    breaks.extend(base + i for i in inner_breaks)
                    texts.append(text)
                    bold.extend(b)
                    underline.extend(u)
                text = "".join(texts)
                start = self.offset
                visible = [i for i, ch in enumerate(text) if not ch.isspace()]
                line = Line(
                    start,
                    start + len(text),
                    kind="cell" if visible else "blank",
                    whole_bold=bool(visible) and all(bold[i] for i in visible),
                    breaks=tuple(start + b for b in breaks),
                    column=cell_index,
                )
                self.add(
                    text,
                    line,
                    {"kind": "cell", "table": table_index, "row": row_index, "cell": cell_index},
                    bold,
                    underline,
                )

    def runs(self, p: Any, style_bold: bool) -> tuple[str, list[int], list[bool], list[bool]]:
        """A paragraph's visible text, its soft-break positions, and per-character bold/underline."""
        qn = self.qn
        chars: list[str] = []
        breaks: list[int] = []
        bold: list[bool] = []
        underline: list[bool] = []
        t, tab, br, cr = qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")
        hyphen, sym = qn("w:noBreakHyphen"), qn("w:sym")
        for run in p.iter(qn("w:r")):
            rpr = run.find(qn("w:rPr"))
            is_bold = style_bold
            is_underline = False
            if rpr is not None:
                b = rpr.find(qn("w:b"))
                if b is not None:
                    is_bold = _on(b, qn)
                u = rpr.find(qn("w:u"))
                is_underline = u is not None and u.get(qn("w:val")) not in ("none", None)
            for child in run.iterchildren():
                tag = child.tag
                if tag == t:
                    piece = child.text or ""
                elif tag == tab:
                    piece = "\t"
                elif tag in (br, cr):
                    breaks.append(len(chars))
                    piece = BREAK
                elif tag == hyphen:
                    piece = "-"
                elif tag == sym:
                    code = child.get(qn("w:char")) or ""
                    try:
                        piece = chr(int(code, 16))
                    except ValueError:
                        piece = ""
                else:
                    continue
                piece = piece.replace("\n", BREAK).replace("\r", BREAK)
                chars.extend(piece)
                bold.extend([is_bold] * len(piece))
                underline.extend([is_underline] * len(piece))
        return "".join(chars), breaks, bold, underline

    def add(
        self,
        text: str,
        line: Line,
        info: dict[str, Any],
        bold: list[bool],
        underline: list[bool],
    ) -> None:
        start = self.offset
        for flags, name in ((bold, "bold"), (underline, "underline")):
            run_start = None
            for i, flag in enumerate([*flags, False]):
                if flag and run_start is None:
                    run_start = i
                elif not flag and run_start is not None:
                    if text[run_start:i].strip():
                        self.emphasis.append((start + run_start, start + i, name))
                    run_start = None
        self.parts.append(text)
        self.lines.append(line)
        self.info.append(info)
        self.breaks.extend(line.breaks)
        self.offset += len(text) + 1


class _Numbering:
    """Word's list numbering: renders the number a paragraph shows (第%1条, %1.%2)."""

    def __init__(self, word: Any, qn: Any) -> None:
        self.qn = qn
        self.nums: dict[str, tuple[str, dict[int, int]]] = {}
        self.abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
        self.counters: dict[Any, list[int | None]] = {}
        try:
            root = word.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        for abstract in root.iterchildren(qn("w:abstractNum")):
            levels: dict[int, tuple[int, str, str]] = {}
            for lvl in abstract.iterchildren(qn("w:lvl")):
                ilvl = int(lvl.get(qn("w:ilvl")) or 0)
                start_el = lvl.find(qn("w:start"))
                fmt_el = lvl.find(qn("w:numFmt"))
                text_el = lvl.find(qn("w:lvlText"))
                levels[ilvl] = (
                    int(start_el.get(qn("w:val")) or 1) if start_el is not None else 1,
                    fmt_el.get(qn("w:val")) if fmt_el is not None else "decimal",
                    text_el.get(qn("w:val")) if text_el is not None else f"%{ilvl + 1}.",
                )
            self.abstract[abstract.get(qn("w:abstractNumId"))] = levels
        for num in root.iterchildren(qn("w:num")):
            abstract_el = num.find(qn("w:abstractNumId"))
            if abstract_el is None:
                continue
            overrides: dict[int, int] = {}
            for override in num.iterchildren(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    overrides[int(override.get(qn("w:ilvl")) or 0)] = int(
                        start.get(qn("w:val")) or 1
                    )
            self.nums[num.get(qn("w:numId"))] = (abstract_el.get(qn("w:val")), overrides)

    def render(self, num_id: str, ilvl: int) -> tuple[str, tuple[Any, ...]] | None:
        entry = self.nums.get(num_id)
        if entry is None:
            return None
        abstract_id, overrides = entry
        levels = self.abstract.get(abstract_id) or {}
        if ilvl not in levels:
            return None
        _start, fmt, pattern = levels[ilvl]
        if fmt in ("bullet", "none"):
            return None
        key = ("num", num_id) if overrides else ("abstract", abstract_id)
        counters = self.counters.setdefault(key, [None] * 9)
        for level in range(ilvl):
            if counters[level] is None:
                counters[level] = overrides.get(level, levels.get(level, (1, "", ""))[0])
        current = counters[ilvl]
        counters[ilvl] = overrides.get(ilvl, levels[ilvl][0]) if current is None else current + 1
        for level in range(ilvl + 1, 9):
            counters[level] = None
        text = pattern
        for level in range(9):
            marker = f"%{level + 1}"
            if marker in text:
                value = counters[level] or levels.get(level, (1, "", ""))[0]
                level_fmt = levels.get(level, (1, "decimal", ""))[1]
                text = text.replace(marker, _format_number(value, level_fmt))
        return text, (key, ilvl)


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("decimal", "decimalHalfWidth", "ordinal", "cardinalText", "ordinalText"):
        return str(value)
    if fmt == "decimalZero":
        return f"{value:02d}"
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(ord(c) - ord("0") + 0xFF10) for c in str(value))
    if fmt in ("upperLetter", "lowerLetter"):
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(value)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt.startswith("decimalEnclosedCircle") and 1 <= value <= 20:
        return chr(0x2460 + value - 1)
    if fmt in ("chineseLegalSimplified",):
        return _chinese(value, "零壹贰叁肆伍陆柒捌玖", "拾佰仟")
    if fmt.startswith(("chinese", "ideograph", "taiwanese", "japanese")):
        return _chinese(value, "〇一二三四五六七八九", "十百千")
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ):
        while value >= number:
            out += letters
            value -= number
    return out


def _chinese(value: int, digits: str, units: str) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (up to 9999)."""
    if value <= 0 or value >= 10000:
        return str(value)
    out = ""
    parts = [(value // 1000) % 10, (value // 100) % 10, (value // 10) % 10, value % 10]
    names = [units[2], units[1], units[0], ""]
    zero = False
    for digit, name in zip(parts, names, strict=True):
        if digit == 0:
            zero = bool(out)
            continue
        if zero:
            out += digits[0]
            zero = False
        out += digits[digit] + name
    if out.startswith(digits[1] + units[0]) and value < 20:
        out = out[1:]  # 十二, not 一十二
    return out


def _on(element: Any, qn: Any) -> bool:
    if element is None:
        return False
    value = element.get(qn("w:val"))
    return value is None or value.lower() not in ("0", "false", "off", "none")


def _num_pr(ppr: Any, qn: Any) -> tuple[str, int] | None:
    numpr = ppr.find(qn("w:numPr"))
    if numpr is None:
        return None
    num_id_el = numpr.find(qn("w:numId"))
    if num_id_el is None or num_id_el.get(qn("w:val")) in (None, "0"):
        return None
    ilvl_el = numpr.find(qn("w:ilvl"))
    ilvl = int(ilvl_el.get(qn("w:val")) or 0) if ilvl_el is not None else 0
    return num_id_el.get(qn("w:val")), ilvl


def read_docx(data: bytes, path: str) -> Document:
    """The document model of a Word draft; raises DraftError for a file Word could not open."""
    from contractlint.readers import DraftError

    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:
        raise DraftError(
            "reading Word files needs python-docx: pip install 'contractlint[docx]'"
        ) from None
    try:
        word = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise DraftError(f"is not a Word .docx file that can be opened ({error})") from None
    except Exception as error:  # lxml's XMLSyntaxError and friends: a damaged file
        raise DraftError(f"is a damaged Word file: {error}") from None
    reader = _Reader(word)
    reader.read()
    text = "\n".join(reader.parts)
    document = recognise(text, path, "docx", reader.lines)
    document.notes["docx_lines"] = reader.info
    document.notes["docx_breaks"] = reader.breaks
    document.notes["docx_emphasis"] = reader.emphasis
    document.notes["docx_auto_numbers"] = reader.auto_numbers
    if reader.auto_numbers:
        document.notes["reader_guesses"]["auto_numbers"] = len(reader.auto_numbers)
    return document


def describe_line(document: Document, line: int) -> str:
    """Where a line of a Word draft's text is in Word: "paragraph 12" or "table 1, row 2, cell 1"."""
    lines = document.notes.get("docx_lines") or []
    if not 1 <= line <= len(lines):
        return f"paragraph {line}"
    info = lines[line - 1]
    if info.get("kind") == "cell":
        return (
            f"paragraph {line} (table {info['table'] + 1}, row {info['row'] + 1}, "
            f"cell {info['cell'] + 1})"
        )
    return f"paragraph {line}"


def quote(document: Document, line: int, limit: int = 80) -> str:
    """The text of paragraph ``line``, shortened to ``limit`` characters."""
    text = document.index.line_text(line)
    return text if len(text) <= limit else text[: limit - 1] + "…"
