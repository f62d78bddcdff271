"""The review page corrects: in a real browser (the system's headless Chromium, driven by Playwright) a value is
marked wrong, another corrected, one marked right; the page saves the notices touched as gold by the contract, and
`llm-extract eval --gold` scores the run against that file."""

from __future__ import annotations

import json
import shutil

import pytest

from llm_extract.cli import main
from llm_extract.evaluation.cli import contract_problem

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
TEXT = ("县委巡察组进驻公告\n县委第一巡察组对甲局开展巡察，组长赵晓明，举报电话：0999-2345678。\n"
        "县委第二巡察组对乙局开展巡察，组长钱立新，举报电话：0999-2345679。\n")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does)")
def test_corrections_on_the_review_page_become_gold_that_eval_reads(tmp_path, capsys):
    from playwright.sync_api import sync_playwright

    texts = tmp_path / "texts"
    texts.mkdir()
    (texts / "round.txt").write_text(TEXT, "utf-8")
    run, page_file = tmp_path / "run.jsonl", tmp_path / "review.html"
    assert main(["extract", str(texts), "--backend", "rules", "-o", str(run)]) == 0
    assert main(["review", str(run), "--texts", str(texts), "-o", str(page_file)]) == 0
    html = page_file.read_text("utf-8")
    assert "http" not in html and "<script src" not in html  # opens from disk, no network

    saved = tmp_path / "corrections.json"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(accept_downloads=True)
        page.goto(page_file.as_uri())
        assert page.is_disabled("#save")
        page.click("#cell-n0-0-leader button[data-judge=right]")
        page.click("#cell-n0-0-phones button[data-judge=wrong]")  # say the text gives the first team no phone
        page.once("dialog", lambda dialog: dialog.accept("丙局、丁局"))
        page.click("#cell-n0-1-targets button[data-judge=fix]")
        assert page.inner_text("#corrections").startswith("3 value(s) judged in 1 notice(s)")
        assert page.inner_text("#cell-n0-1-targets .value") == "丙局、丁局"
        with page.expect_download() as download:
            page.click("#save")
        download.value.save_as(saved)
        browser.close()

    (gold,) = json.loads(saved.read_text("utf-8"))
    assert contract_problem(gold) is None and gold["doc_id"] == "round"
    one, two = gold["teams"]
    assert (one["leader"], one["phones"], one["targets"]) == ("赵晓明", [], ["甲局"])
    assert (two["targets"], [p["number"] for p in two["phones"]]) == (["丙局", "丁局"], ["0999-2345679"])

    capsys.readouterr()
    main(["eval", "--gold", str(saved), "--pred", str(run)])
    report = capsys.readouterr().out
    scores = dict(line.rsplit(maxsplit=1) for line in report.splitlines() if line.startswith("F1 "))
    assert float(scores["F1 leader *"]) == 1.0
    assert float(scores["F1 targets *"]) < 1.0 and float(scores["F1 phones *"]) < 1.0
