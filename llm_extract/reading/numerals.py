"""Chinese numerals as integers and back: 第十三 = 13, 两 = 2, 二〇二四 = 2024."""

from __future__ import annotations

_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(_DIGITS) + "".join(_UNITS) + "0123456789"


def to_int(s: str) -> int | None:
    """The value of a numeral written in Arabic digits, positional Chinese digits, or with 十/百/千."""
    s = s.strip()
    if not s:
        return None
    if s.isdigit():
        return int(s)
    if all(c in _DIGITS for c in s) and len(s) > 1:
        return int("".join(str(_DIGITS[c]) for c in s))
    total, current = 0, 0
    for c in s:
        if c in _DIGITS:
            current = _DIGITS[c]
        elif c in _UNITS:
            total += (current or 1) * _UNITS[c]
            current = 0
        else:
            return None
    return total + current


_CHARS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """A number under 100 as a team's number is written: 3 = 三, 10 = 十, 15 = 十五, 23 = 二十三."""
    tens, ones = divmod(n, 10)
    if not tens:
        return _CHARS[ones]
    return ("" if tens == 1 else _CHARS[tens]) + "十" + (_CHARS[ones] if ones else "")
