"""Code points ↔ client code units: Chinese text, emoji, CRLF and a BOM land right."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contractlint.lsp.positions import (
    UTF8,
    UTF16,
    UTF32,
    TextPositions,
    code_point_index,
    code_units,
    normalize_encoding,
)
from contractlint.span import LineIndex

LINE = "甲方应及时响应 😀 报修[金额]"  # the emoji is one code point, two UTF-16 units


def test_code_units_per_encoding() -> None:
    assert code_units("ab", UTF16) == 2
    assert code_units("甲方", UTF16) == 2
    assert code_units("甲方", UTF8) == 6
    assert code_units("😀", UTF16) == 2
    assert code_units("😀", UTF8) == 4
    assert code_units("😀", UTF32) == 1
    assert code_units("é", UTF8) == 2


def test_placeholder_after_emoji_lands_on_the_bracket() -> None:
    positions = TextPositions(LINE + "\n")
    col = LINE.index("[") + 1  # 1-based code points
    start = positions.to_client(1, col)
    # 7 Han characters, a space, the emoji (2 units), a space, 报修 (2): 13 units.
    assert start == (0, 13)
    assert positions.to_client(1, col + 4) == (0, 17)  # end-exclusive after "]"
    assert TextPositions(LINE, UTF8).to_client(1, col) == (0, 7 * 3 + 1 + 4 + 1 + 2 * 3)
    assert TextPositions(LINE, UTF32).to_client(1, col) == (0, col - 1)


def test_round_trip_through_client_units() -> None:
    for encoding in (UTF8, UTF16, UTF32):
        positions = TextPositions(LINE, encoding)
        for col in range(1, len(LINE) + 2):
            assert positions.from_client(*positions.to_client(1, col)) == (1, col)


def test_half_a_surrogate_pair_means_the_emoji_itself() -> None:
    emoji_units = code_units(LINE[: LINE.index("😀")], UTF16)
    assert code_point_index(LINE, emoji_units + 1, UTF16) == LINE.index("😀")
    # Past the end of the line is the end of the line.
    assert code_point_index(LINE, 999, UTF16) == len(LINE)


def test_crlf_lines_match_the_normalised_text() -> None:
    raw = "第一行\r\n第二行 😀 [金额]\r\n\r\n末行\r末\n"
    positions = TextPositions(raw)
    normalised = LineIndex(raw.replace("\r\n", "\n").replace("\r", "\n"))
    assert positions.line_count == normalised.line_count
    line2 = normalised.line_text(2)
    col = line2.index("[") + 1
    assert positions.to_client(2, col) == (1, 7)
    assert positions.line(1) == line2
    assert positions.line(3) == "末行"  # a lone CR ends a line too
    assert positions.line(4) == "末"
    assert positions.from_client(1, 7) == (2, col)
    # A position past the line's content stays before the CRLF.
    assert positions.offset(0, 99) == raw.index("\r\n")


def test_bom_shifts_first_line_only() -> None:
    raw = "\ufeff甲方[X]\n乙方"
    positions = TextPositions(raw)
    # The linter drops the BOM: column 3 ("[") is client character 3 on line 0.
    assert positions.to_client(1, 3) == (0, 3)
    assert positions.from_client(0, 3) == (1, 3)
    assert positions.to_client(2, 1) == (1, 0)


def test_incremental_change_across_astral_and_crlf() -> None:
    raw = "a😀b\r\n第二行\r\n"
    positions = TextPositions(raw)
    # Replace "b" (after the two-unit emoji) and the CRLF with "c".
    assert positions.apply_change((0, 3), (1, 0), "c") == "a😀c第二行\r\n"
    assert TextPositions(raw, UTF8).apply_change((0, 5), (0, 6), "B") == "a😀B\r\n第二行\r\n"
    # An insertion at the very end.
    assert positions.apply_change((2, 0), (2, 0), "x") == raw + "x"


@pytest.mark.parametrize(
    ("name", "expected"), [("utf-8", UTF8), ("utf-32", UTF32), (None, UTF16), ("latin-1", UTF16)]
)
def test_negotiated_encoding_names(name: str | None, expected: str) -> None:
    assert normalize_encoding(name) == expected


@given(st.lists(st.sampled_from(["a", "甲", "😀", "é", "\n", "\r\n", "\r", " "]), max_size=30))
def test_every_linter_position_round_trips(pieces: list[str]) -> None:
    text = "".join(pieces)
    normalised = text.replace("\r\n", "\n").replace("\r", "\n")
    index = LineIndex(normalised)
    for encoding in (UTF8, UTF16, UTF32):
        positions = TextPositions(text, encoding)
        for offset in range(len(normalised) + 1):
            line, col = index.position(offset)
            client = positions.to_client(line, col)
            assert positions.from_client(*client) == (line, col)
            # The raw text at the client position is the same character.
            raw_offset = positions.offset(*client)
            assert (
                text[raw_offset : raw_offset + 1].replace("\r", "\n")
                == normalised[offset : offset + 1]
            )


PIECES = st.sampled_from(["a", "甲", "😀", "é", "\n", "\r\n", "\r", " "])


def _reference_offset(text: str, line: int, column: int) -> int:
    """Raw offset of (line, code-point column), counting lines as the LSP does."""
    import re

    starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]
    return starts[line] + column


@given(st.lists(PIECES, max_size=25), st.data())
def test_incremental_edits_match_a_reference_in_every_encoding(pieces, data) -> None:
    text = "".join(pieces)
    positions = TextPositions(text)
    lines = [positions.line(i) for i in range(positions.line_count)]
    start_line = data.draw(st.integers(0, len(lines) - 1))
    end_line = data.draw(st.integers(start_line, len(lines) - 1))
    start_col = data.draw(st.integers(0, len(lines[start_line])))
    low = start_col if end_line == start_line else 0
    end_col = data.draw(st.integers(low, len(lines[end_line])))
    new_text = data.draw(st.sampled_from(["", "x", "😀", "\r\n乙"]))
    expected = (
        text[: _reference_offset(text, start_line, start_col)]
        + new_text
        + text[_reference_offset(text, end_line, end_col) :]
    )
    for encoding, width in ((UTF16, "utf-16-le"), (UTF8, "utf-8"), (UTF32, "utf-32-le")):
        unit = 2 if encoding == UTF16 else 4 if encoding == UTF32 else 1

        def units(line: int, column: int, width: str = width, unit: int = unit) -> int:
            return len(lines[line][:column].encode(width)) // unit

        client = TextPositions(text, encoding)
        result = client.apply_change(
            (start_line, units(start_line, start_col)),
            (end_line, units(end_line, end_col)),
            new_text,
        )
        assert result == expected
