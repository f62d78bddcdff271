"""Text normalisation that remembers where every character came from.

Notices arrive in Traditional script, full-width forms, with inline pinyin and
letter-by-letter spacing. Every extractor works on one clean form; the offset
map lets each value it finds be reported with its span in the original text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from opencc import OpenCC

from .lexicon import lexicon
from .numerals import to_int

# One form for the dashes, tildes and colons that real notices mix.
_CHAR_MAP = str.maketrans(
    {
        "—": "-", "–": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-", "―": "-", "─": "-",
        "~": "-", "〜": "-", "∼": "-", "～": "-",
        "∶": ":", "︰": ":",
        "\u3000": " ", "\xa0": " ", "\t": " ",
    }
)
# A gap between a table's columns as a scraped page writes it: a tab, or a run of two or more spaces (not the
# spaces of an empty cell between two pipes, nor those that pad a two-character label: "组  长：").
_GAP = re.compile(r"(?<=[^\s|])(?:[ \u3000\xa0]*\t[\t \u3000\xa0]*|[ \u3000\xa0]{2,})(?=[^\s|])"
                  r"(?![\u4e00-\u9fff][ \u3000\xa0]*[:：])")
# The spaces that pad a two-character label to the width of a longer one ("组  长：", "电  话："): no part of it.
_PADDED_LABEL = re.compile(r"(?<=[\u4e00-\u9fff])(?<![\u4e00-\u9fff]{2})[ ]{1,4}(?=[\u4e00-\u9fff][ ]*:)")
_CN_NUM = re.compile(r"[零〇一二两三四五六七八九十百]+")
_PINYIN = re.compile(
    r"(?<=[\u4e00-\u9fff])\((?=[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ])"
    r"[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]{1,7}\)"
)
# A single space inside a run of letter-by-letter spaced characters ("h b s w", "李 明", "0763 - 8672025").
_ASCII = r"[A-Za-z0-9@._\-]"
_CJK = r"[\u4e00-\u9fff]"
_SPACED = re.compile(
    rf"(?:(?<=(?<!{_ASCII}){_ASCII}) (?={_ASCII}))|(?:(?<={_ASCII}) (?={_ASCII}(?!{_ASCII})))"
    rf"|(?:(?<=(?<!{_CJK}){_CJK}) (?={_CJK}))|(?:(?<={_CJK}) (?={_CJK}(?!{_CJK})))"
    rf"|(?<=组长{_CJK}) (?={_CJK})"  # a name padded to three characters in prose: "组长李 明于3月…"
)


@dataclass(frozen=True)
class NormText:
    """Normalised text plus, for each of its characters, the index it came from in `original`."""

    original: str
    text: str
    origin: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of `text` to the half-open span of `original` it came from."""
        if end <= start:
            pos = self.origin[start] if start < len(self.origin) else len(self.original)
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1


    def without(self, spans: list[tuple[int, int]]) -> NormText:
        """This text with the half-open spans cut out, every other character still mapped to the original."""
        drop = {i for s, e in spans for i in range(s, e)}
        keep = [i for i in range(len(self.text)) if i not in drop]
        return NormText(self.original, "".join(self.text[i] for i in keep), tuple(self.origin[i] for i in keep))


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional to Simplified Chinese, phrase-aware (OpenCC)."""
    return _t2s().convert(text)


Pieces = list[tuple[str, int]]


def _nfkc(pieces: Pieces) -> Pieces:
    return [(c2, o) for c, o in pieces for c2 in unicodedata.normalize("NFKC", c)]


def _simplify(pieces: Pieces) -> Pieces:
    """Convert line by line; a line whose length changes is converted char by char to keep the map."""
    out: Pieces = []
    line: Pieces = []
    for piece in pieces + [("\n", -1)]:
        line.append(piece)
        if piece[0] != "\n":
            continue
        src = "".join(c for c, _ in line)
        conv = to_simplified(src)
        if len(conv) != len(src):
            conv = "".join(to_simplified(c) if len(to_simplified(c)) == 1 else c for c in src)
        out.extend((c, o) for c, (_, o) in zip(conv, line, strict=True))
        line = []
    return [p for p in out if p[1] != -1]


def _delete(pieces: Pieces, pattern: re.Pattern[str]) -> Pieces:
    text = "".join(c for c, _ in pieces)
    drop = {i for m in pattern.finditer(text) for i in range(m.start(), m.end())}
    return [p for i, p in enumerate(pieces) if i not in drop]


# A bullet that starts a line ("◆县委第一巡察组", "- 组长：…", a page's list item as its text extractor writes it): a
# mark of a list's item, no part of the line's words.
_MARK = r"(?:[◆◇●○■□▲△★☆►▶▪•·※]|[-*](?=[ ]+\S))"
_BULLET = re.compile(rf"(?m)^[ \t\u3000]*{_MARK}(?:[ ]*{_MARK})*")  # "- ● 某组": a list's mark before the item's own


def _bullets(text: str) -> str:
    """`text` with the bullets that start its lines written as spaces, one character for one."""
    return _BULLET.sub(lambda m: re.sub(r"\S", " ", m[0]), text)


def _columns(text: str) -> str:
    """`text` with the column gaps of its tables written as pipes, one character for one: a gap counts where
    two lines in a row (or more) are split by such gaps, so that a lone double space in prose stays a space
    and "组长\t某某" on a line of its own stays a label and a name. In a table's line every tab is a pipe, so an
    empty cell keeps its place ("甲\t\t丙": three cells) and a row of a cell spanning rows stays a row
    ("\t\t乙局\t" under a team's row); a tab that only indents a line of prose is no column."""
    lines = text.split("\n")
    split = [bool(_GAP.search(line)) or "\t" in line.lstrip("\t \u3000\xa0") for line in lines]
    out = []
    for k, line in enumerate(lines):
        if split[k] and ((k and split[k - 1]) or (k + 1 < len(lines) and split[k + 1])):
            line = _GAP.sub(lambda m: "|" + m[0][1:], line).replace("\t", "|")
        out.append(line)
    return "\n".join(out)


@lru_cache(maxsize=1)
def _bracketed_label() -> re.Pattern[str]:
    return re.compile(rf"(?m)^[ ]*(?P<open>【)(?:{lexicon()['labels']['in_brackets']})(?P<close>】)(?=\S)")


def _label_brackets(pieces: Pieces) -> Pieces:
    """A label in 【】 at a line's start written as a label and a colon ("【巡察对象】甲局" → "巡察对象:甲局"), the
    colon mapped to the 】."""
    text = "".join(c for c, _ in pieces)
    opens, closes = set(), set()
    for m in _bracketed_label().finditer(text):
        opens.add(m.start("open"))
        closes.add(m.start("close"))
    return [(":" if i in closes else c, o) for i, (c, o) in enumerate(pieces) if i not in opens]


# A line broken inside a sentence, as a page or a PDF copied with hard wraps writes prose ("对甲局、乙\n局开展巡察"):
# a long line of prose (a comma in it, no cell edge) that ends inside a sentence (not on 如下: a list's lead), and a
# next line that goes on with it (no item mark, no label; long, or the sentence's end).
_WRAPPED = re.compile(r"(?m)^(?=[^\n|]*,)[^\n|]{19,}(?<!如下|以下|下列)[\u4e00-\u9fff\d、,-](?P<nl>\n)"
                      r"(?=[\u4e00-\u9fff\d、,-])(?![一二三四五六七八九十]+、|\d{1,2}[.、]|[^\n:。]{1,8}:)"
                      r"(?=[^\n]{10}|[^\n]*[。!?;]$)")  # a list's short item is no sentence's end


def _unwrap(pieces: Pieces) -> Pieces:
    """The line breaks inside a sentence (`_WRAPPED`) taken out."""
    text = "".join(c for c, _ in pieces)
    drop = {m.start("nl") for m in _WRAPPED.finditer(text)}
    return [p for i, p in enumerate(pieces) if i not in drop]


def normalize(original: str) -> NormText:
    """NFKC, Simplified script, pinyin annotations out, spaced-out runs joined, one dash/colon form; a line's
    leading bullet as a space; the column gaps of tables as pipes; a 【label】 at a line's start as "label:"; a line
    broken inside a sentence joined."""
    pieces: Pieces = [(c, i) for i, c in enumerate(_columns(_bullets(original.replace("\r", " "))))]
    pieces = _nfkc(pieces)
    pieces = [(c.translate(_CHAR_MAP), o) for c, o in pieces]
    pieces = _simplify(pieces)
    pieces = _delete(pieces, _PINYIN)
    pieces = _delete(pieces, _SPACED)
    pieces = _delete(pieces, _PADDED_LABEL)
    pieces = _label_brackets(pieces)
    pieces = _unwrap(pieces)
    return NormText(original, "".join(c for c, _ in pieces), tuple(o for _, o in pieces))


@lru_cache(maxsize=1 << 16)
def canon(text: str) -> str:
    """The comparison form used by the scorer and the cross-check: normalised, all whitespace removed."""
    return re.sub(r"\s+", "", normalize(text).text)


@lru_cache(maxsize=1 << 16)
def name_form(name: str) -> str:
    """A team name for comparison: NFKC, Simplified, no whitespace, Chinese numerals as digits."""
    return _CN_NUM.sub(lambda m: str(to_int(m[0])), canon(name))


def team_number(name: str) -> tuple[str, int] | None:
    """巡视 or 巡察 and the number of the 组 (not of a round: `第三轮第二巡察组` is 2), when the name has both."""
    form = name_form(name)
    kind = "巡视" if "巡视" in form else "巡察" if "巡察" in form else None
    num = re.search(r"(\d+)(?:[^\d]{0,4})组", form)
    return (kind, int(num[1])) if kind and num else None
