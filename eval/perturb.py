"""Robustness to how notices arrive: the same notices with a scraped page's own lines around them, or joined
into one line, scored beside the plain ones.

    python eval/perturb.py --gold ../shared/dev/gold --notices ../shared/dev/texts [--backend rules] [--backend local]

Variants (written to a temporary folder, never into the repo):
- plain: the notice as it is;
- page: an invented breadcrumb and share bar before it (no date: a dated page would rightly date the
  notice), and an invented site footer after it (地址, 联系电话, 邮箱, then 主办单位, 备案号), as pasted
  or scraped pages often have;
- one-line: the notice's lines joined with spaces.
Prints core micro-F1, precision and recall per variant and backend, and each variant's change from plain.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

# Invented page lines: no real site's names, numbers or addresses.
HEAD = "首页 > 新闻中心 > 工作动态\n来源：本站 字号：大 中 小 分享到：\n"
FOOTER = ("\n\n地址：某某市某某区某某路1号 邮编：999999\n联系电话：0999-12345678 邮箱：webmaster@mail.example.cn\n"
          "主办单位：某某市某某局办公室 承办单位：某某市信息中心\n备案号：某ICP备00000000号-1\n")
VARIANTS = {
    "plain": lambda text: text,
    "page": lambda text: HEAD + text + FOOTER,
    "one-line": lambda text: " ".join(line.strip() for line in text.splitlines() if line.strip()),
}


def score(gold: Path, notices: Path, backends: list[str], summary: Path) -> dict:
    """Run `llm-extract eval` over one folder of notices; its JSON summary."""
    cmd = [sys.executable, "-m", "llm_extract.cli", "eval", "--gold", str(gold), "--notices", str(notices),
           "--summary", str(summary)] + [a for b in backends for a in ("--backend", b)]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return json.loads(summary.read_text("utf-8"))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--gold", required=True)
    p.add_argument("--notices", required=True)
    p.add_argument("--backend", action="append", dest="backends")
    a = p.parse_args()
    backends = a.backends or ["rules"]
    results: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, change in VARIANTS.items():
            folder = Path(tmp) / name
            folder.mkdir()
            for path in sorted(Path(a.notices).glob("*.txt")):
                (folder / path.name).write_text(change(path.read_text("utf-8")), "utf-8")
            results[name] = score(Path(a.gold), folder, backends, Path(tmp) / f"{name}.json")
    print(f"{'variant':<10}{'backend':<14}{'core F1':>9}{'P':>8}{'R':>8}{'exact':>8}{'vs plain':>10}")
    for name, summary in results.items():
        for backend in backends:
            s, change = summary[backend], summary[backend]["core_micro_f1"] - results["plain"][backend]["core_micro_f1"]
            print(f"{name:<10}{backend:<14}{s['core_micro_f1']:>9.4f}{s['core_micro_precision']:>8.3f}"
                  f"{s['core_micro_recall']:>8.3f}{s['exact_notices']:>8.3f}{change:>+10.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
