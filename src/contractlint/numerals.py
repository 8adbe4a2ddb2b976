"""Small numeral readers shared by the model builder and the extractors."""

from __future__ import annotations

_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "壹": 1,
    "贰": 2,
    "貳": 2,
    "叁": 3,
    "參": 3,
    "肆": 4,
    "伍": 5,
    "陆": 6,
    "陸": 6,
    "柒": 7,
    "捌": 8,
    "玖": 9,
}
_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}

CHINESE_NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "".join(_BIG)

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def chinese_int(text: str) -> int | None:
    """Read a Chinese numeral (三, 十二, 一百零五, 二〇二六 digit by digit); None if not one."""
    if not text or len(text) > 32:  # no real numeral is longer; bounds work on hostile input
        return None
    if text.isdecimal():  # not isdigit(): int("²") fails; int() refuses 4,300+ digits
        return int(text) if len(text) <= 18 else None
    if all(c in _DIGITS for c in text) and len(text) > 1:
        # digit-by-digit form, as in years: 二〇二六
        return int("".join(str(_DIGITS[c]) for c in text))
    total = section = digit = 0
    seen = False
    for char in text:
        if char in _DIGITS:
            digit = _DIGITS[char]
            seen = True
        elif char in _UNITS:
            section += (digit or 1) * _UNITS[char]
            digit = 0
            seen = True
        elif char in _BIG:
            total = (total + section + digit) * _BIG[char]
            section = digit = 0
            seen = True
        else:
            return None
    return total + section + digit if seen else None


def roman_int(text: str) -> int | None:
    text = text.upper()
    if not text or any(c not in _ROMAN for c in text):
        return None
    total = 0
    for i, char in enumerate(text):
        value = _ROMAN[char]
        if i + 1 < len(text) and _ROMAN[text[i + 1]] > value:
            total -= value
        else:
            total += value
    return total


def any_int(text: str) -> int | None:
    """An arabic, Chinese or Roman numeral, or a single letter (A=1)."""
    text = text.strip()
    if not text:
        return None
    if text.isdecimal():  # not isdigit(): int("²") fails; int() refuses 4,300+ digits
        return int(text) if len(text) <= 18 else None
    value = chinese_int(text)
    if value is not None:
        return value
    value = roman_int(text)
    if value is not None:
        return value
    if len(text) == 1 and text.isascii() and text.isalpha():
        return ord(text.upper()) - ord("A") + 1
    return None
