"""List a run's values that a reader would reject at a glance and that the run did not mark suspect (no `suspect`
reason in their evidence).

The checklist is the issue's, written here apart from `llm_extract/reading/shapes.py` (a reader's eye, not the code's own
rules), so that a shape the package stops marking shows up:

    llm-extract extract ../shared/dev/texts --backend rules --min-confidence 0 -o dev.jsonl
    python eval/shape_audit.py dev.jsonl            # exit 1 when a value of those shapes goes unmarked

Each line names the record, the field, the value and the shape it has. Values the run left out or dropped are not
in the record, so they are not listed.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator

# (field, what a reader sees, the pattern that shows it), from the list of shapes.
CHECKLIST: list[tuple[str, str, re.Pattern[str]]] = [
    ("mailboxes", "a table row", re.compile(r"\|")),
    ("mailboxes", "bare digits", re.compile(r"^\d+$")),
    ("mailboxes", "a box with its sentence", re.compile(r"^.+(?:为|设立|设置)[“\"]?.*(?:信箱|邮箱)")),
    ("mailboxes", "two boxes in one", re.compile(r"\d{2,}\D+\d{2,}.*信箱.*信箱")),
    ("targets", "a count phrase", re.compile(r"[\d一二三四五六七八九十]+(?:个|所|家)")),
    ("targets", "a particle at its end", re.compile(r"(?:[的了]|[县市区]会)$")),
    ("targets", "a heading", re.compile(r"一览|名单|联系方式")),
    ("targets", "a verb", re.compile(r"进驻|开展|召开|优化|部署")),
    ("targets", "a kind of units", re.compile(r"^(?:各|有关|相关)|(?:单位|部门|中小学)$")),
    ("name", "a title or a verb", re.compile(r"组长|书记|召开|进驻")),
    ("leader", "a title", re.compile(r"(?:书记|主任|局长|组长|同志)$")),
    ("deputy_leaders", "a title", re.compile(r"(?:书记|主任|局长|组长|同志)$")),
]
_JOINED_BEFORE = re.compile(r"[和及]$")  # "呼和浩特市" read from after its 和: the value starts inside a name


def findings(record: dict, text: str | None = None) -> Iterator[str]:
    """One line per value of a reader-rejected shape that the record does not mark suspect."""
    for e in record.get("evidence") or []:
        if e.get("team") is None or e.get("suspect"):  # marked, whatever the model's check made of it
            continue
        for field, what, pattern in CHECKLIST:
            if e["field"] == field and pattern.search(e["value"]):
                yield f"{record['doc_id']}\t{field}\t{e['value']}\t{what}"
        if e["field"] == "targets" and text and _JOINED_BEFORE.search(text[max(0, e["start"] - 1) : e["start"]]) \
                and not re.search(r"[省市县区州镇乡村局委厅办]$", text[max(0, e["start"] - 2) : e["start"] - 1]):
            yield f"{record['doc_id']}\ttargets\t{e['value']}\tcut inside a name at {text[e['start'] - 1]}"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("records", help="a run's JSONL (llm-extract extract … -o FILE)")
    ap.add_argument("--texts", help="the folder of the notices' texts, to see a name cut at 和 (optional)")
    args = ap.parse_args()
    unmarked = 0
    with open(args.records, encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            record = json.loads(line)
            text = None
            if args.texts:
                try:
                    with open(f"{args.texts}/{record['doc_id']}.txt", encoding="utf-8") as f:
                        text = f.read()
                except OSError:
                    text = None
            for row in findings(record, text):
                print(row)
                unmarked += 1
    print(f"{unmarked} value(s) of a rejected shape without suspect", file=sys.stderr)
    return 1 if unmarked else 0


if __name__ == "__main__":
    sys.exit(main())
