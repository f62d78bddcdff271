"""How many of a run's team rows carry full dates, and whether any year disagrees with the gold.

A row (a team, or a round) counts when its start and end both have a year, or its petition deadline has one.
A date is judged on its year only where the run and the gold agree on its month and day:

    llm-extract extract ../shared/dev/texts --backend rules --no-cache -o dev.jsonl
    python eval/years.py --gold ../shared/dev/gold dev.jsonl     # exit 1 when a year disagrees with the gold

A year where the gold has none is counted apart: the gold is read from the text alone, and a run given each
notice's publication date (a JSONL line's `date`) may rightly date more than the text does.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

DATES = ("start_date", "end_date", "petition_deadline")


def _full(value: str | None) -> bool:
    return bool(value) and not str(value).startswith("--")


def rows_dated(record: dict) -> tuple[int, int]:
    """(rows with a full start and end or deadline, rows) of one record."""
    groups = record.get("teams", []) + ([record["round"]] if record.get("round") else [])
    dated = sum(1 for t in groups if (_full(t.get("start_date")) and _full(t.get("end_date")))
                or _full(t.get("petition_deadline")))
    return dated, len(groups)


def judged(record: dict, gold: dict) -> list[tuple[str, str, str, str, str]]:
    """Each date of a team the gold names too whose month and day the gold shares: (verdict, team, field, run's,
    gold's)."""
    theirs = {t["name"]: t for t in gold.get("teams", [])}
    out = []
    for team in record.get("teams", []):
        other = theirs.get(team["name"])
        for field in DATES:
            mine, gold_value = team.get(field), other.get(field) if other else None
            if not mine or not gold_value or mine[-5:] != gold_value[-5:]:
                continue
            if _full(mine) and _full(gold_value):
                verdict = "year as gold" if mine[:4] == gold_value[:4] else "year not as gold"
            elif _full(mine):
                verdict = "year where gold has none"
            else:
                verdict = "no year where gold has one" if _full(gold_value) else "yearless as gold"
            out.append((verdict, team["name"], field, mine, gold_value))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, required=True, help="folder of gold JSON files, one per doc_id")
    parser.add_argument("answers", type=Path, help="a run's JSONL")
    args = parser.parse_args(argv)
    dated = rows = 0
    verdicts: Counter[str] = Counter()
    wrong = []
    for line in args.answers.read_text("utf-8").splitlines():
        record = json.loads(line)
        d, n = rows_dated(record)
        dated, rows = dated + d, rows + n
        gold_file = args.gold / f"{record['doc_id']}.json"
        if gold_file.is_file():
            for verdict, *where in judged(record, json.loads(gold_file.read_text("utf-8"))):
                verdicts[verdict] += 1
                if verdict == "year not as gold":
                    wrong.append((record["doc_id"], *where))
    print(f"rows with a full start and end, or a full deadline: {dated} of {rows}")
    for verdict, count in sorted(verdicts.items()):
        print(f"  {verdict}: {count}")
    for doc_id, team, field, mine, gold_value in wrong:
        print(f"  {doc_id} {team} {field}: {mine}, gold {gold_value}")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
