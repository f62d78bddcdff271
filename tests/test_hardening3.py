"""Hardening III (issue 24): the record tools under hostile files, secrets in endpoint URLs, the embedded
server's limits. Each test is named for its row of the issue's table."""

import csv
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import llm_extract
from llm_extract.cli import main
from llm_extract.model.cache import AnswerCache
from llm_extract.redact import redact_url, url_secrets

from .conftest import ROOT


def test_row10_every_credential_a_url_can_carry_is_redacted():
    for url, secret in [("http://TOKEN123@h.example/v1", "TOKEN123"),
                        ("https://h.example/v1?subscription-key=s3cr3t&x=1", "s3cr3t"),
                        ("https://h.example/v1?x-api-key=k3y", "k3y"),
                        ("https://h.example/v1?sv=1&sig=abcSIG", "abcSIG"),
                        ("https://h.example/v1?Authorization=Bearer1", "Bearer1"),
                        ("https://u:pw0rd@h.example/v1", "pw0rd")]:
        shown = redact_url(url)
        assert secret not in shown and "***" in shown and secret in url_secrets(url), url
    assert redact_url("https://h.example/v1?model=m&x=1") == "https://h.example/v1?model=m&x=1"


def _cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "llm_extract.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, **kw)


def test_row2_calibrate_measures_nothing_without_texts_and_never_writes_the_package_table_untold(tmp_path):
    table = Path(llm_extract.__file__).parent / "data" / "confidence.json"
    before = table.read_bytes()
    gold_only = tmp_path / "gold"
    shutil.copytree(ROOT / "eval" / "gold", gold_only, ignore=shutil.ignore_patterns("*.txt"))
    untold = _cli("calibrate", "--gold", str(gold_only), "--notices", str(tmp_path / "none"), "--backend", "rules")
    assert untold.returncode == 2 and "-o" in untold.stderr and "--write-package-table" in untold.stderr
    empty = _cli("calibrate", "--gold", str(gold_only), "--backend", "rules", "-o", str(tmp_path / "t.json"))
    assert empty.returncode == 2 and "nothing measured" in empty.stderr and not (tmp_path / "t.json").exists()
    assert table.read_bytes() == before
    made = _cli("calibrate", "--gold", str(ROOT / "eval" / "gold"), "--backend", "rules", "-o", str(tmp_path / "t.json"))
    assert made.returncode == 0 and json.loads((tmp_path / "t.json").read_text("utf-8"))["classes"]
    assert table.read_bytes() == before


def test_row3_csv_cells_that_would_run_as_formulas_are_inert(tmp_path):
    record = {"doc_id": "=1+1", "kind": "巡察", "event": "mobilization", "title": "@SUM(A1)", "teams": [
        {"name": "+市委第一巡察组", "leader": None, "deputy_leaders": [], "targets": ["-甲局", "乙局"], "start_date": None,
         "end_date": None, "duration": None, "petition_deadline": None, "phones": [], "phone_hours": [],
         "mailboxes": [{"address": "=HYPERLINK(1)", "postcode": None}], "emails": []}]}
    src, out = tmp_path / "r.jsonl", tmp_path / "out.csv"
    src.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    assert _cli("export", str(src), "-o", str(out)).returncode == 0
    (row,) = csv.DictReader(out.open(encoding="utf-8-sig"))
    assert (row["doc_id"], row["title"], row["name"]) == ("'=1+1", "'@SUM(A1)", "'+市委第一巡察组")
    assert row["targets"] == "'-甲局; 乙局" and row["mailboxes"] == "'=HYPERLINK(1)"


RECORD = {"doc_id": "d1", "kind": "巡察", "event": "mobilization", "title": "某公告", "teams": []}


def test_row9_a_link_planted_at_the_old_temporary_name_is_never_written_through(tmp_path):
    src, out, victim = tmp_path / "r.jsonl", tmp_path / "out.csv", tmp_path / "victim.txt"
    src.write_text(json.dumps(RECORD) + "\n", "utf-8")
    victim.write_text("keep me", "utf-8")
    (tmp_path / ".out.csv.tmp").symlink_to(victim)
    assert _cli("export", str(src), "-o", str(out)).returncode == 0
    assert victim.read_text("utf-8") == "keep me" and not out.is_symlink() and "d1" in out.read_text("utf-8-sig")
    assert sorted(p.name for p in tmp_path.iterdir()) == [".out.csv.tmp", "out.csv", "r.jsonl", "victim.txt"]


def _disk_full_at(size: int):
    """For a child process: a file may grow to `size` bytes, no more (RLIMIT_FSIZE); a write past it fails with
    EFBIG as a full disk fails with ENOSPC, through the same code."""
    import resource
    import signal

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


def test_row8_merge_and_review_leave_an_existing_output_whole_when_the_write_fails(tmp_path):
    src = _records(tmp_path / "r.jsonl", {**RECORD, "title": "某" * 20000})  # its output is past the limit
    for command, name in (("merge", "merged.jsonl"), ("review", "page.html")):
        out = tmp_path / name
        out.write_text("the old output", "utf-8")
        r = _cli(command, str(src), "-o", str(out), preexec_fn=_disk_full_at(16384))
        assert r.returncode == 2 and f"{out}: File too large" in r.stderr and ".tmp" not in r.stderr, r.stderr
        assert "Traceback" not in r.stderr and out.read_text("utf-8") == "the old output"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["merged.jsonl", "page.html", "r.jsonl"]


def test_row6_sqlite_export_on_a_full_disk_adds_nothing_and_leaves_no_new_file(tmp_path):
    small = _records(tmp_path / "small.jsonl", RECORD)
    big = _records(tmp_path / "big.jsonl", *({**RECORD, "doc_id": f"b{k}", "title": "某" * 2000} for k in range(200)))
    db = tmp_path / "out.sqlite"
    fresh = _cli("export", str(big), "-o", str(db), preexec_fn=_disk_full_at(300_000))
    assert fresh.returncode == 2 and f"{db}: " in fresh.stderr and "Traceback" not in fresh.stderr, fresh.stderr
    assert not db.exists()
    assert _cli("export", str(small), "-o", str(db)).returncode == 0
    again = _cli("export", str(big), "-o", str(db), preexec_fn=_disk_full_at(db.stat().st_size + 50_000))
    assert again.returncode == 2 and "nothing added" in again.stderr, again.stderr
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT doc_id FROM notices").fetchall() == [("d1",)]


def test_row6_sqlite_export_to_a_read_only_database_is_one_line_and_changes_nothing(tmp_path, monkeypatch, capsys):
    import llm_extract.records.sqlite_export as export

    src = _records(tmp_path / "r.jsonl", RECORD, {**RECORD, "doc_id": "d2"})
    db = tmp_path / "out.sqlite"
    assert main(["export", str(src), "-o", str(db)]) == 0
    before = db.read_bytes()
    capsys.readouterr()
    opened = sqlite3.connect  # as a read-only mount opens it (root ignores file modes, so the mount is stood in for)
    monkeypatch.setattr(export.sqlite3, "connect", lambda path, *a, **kw: opened(
        f"{Path(path).absolute().as_uri()}?mode=ro" if not str(path).startswith(("file:", ":")) else path,
        *a, **{**kw, "uri": True}))
    assert main(["export", str(_records(tmp_path / "s.jsonl", {**RECORD, "doc_id": "d3"})), "-o", str(db)]) == 2
    err = capsys.readouterr().err
    assert f"{db}: " in err and "readonly" in err and len(err.strip().splitlines()) == 1, err
    assert db.read_bytes() == before


def test_row6_an_export_waits_for_another_writing_the_same_database_and_lands(tmp_path):
    """Another export holds the database's write lock for 8 s (longer than SQLite's 5 s default wait): this one
    waits for it, then adds its records."""
    db = tmp_path / "out.sqlite"
    assert _cli("export", str(_records(tmp_path / "a.jsonl", RECORD)), "-o", str(db)).returncode == 0
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    holder.execute("INSERT INTO notices (doc_id, input_hash, kind, event, warnings, sources) "
                   "VALUES ('held', 'h', '巡察', 'other', '[]', '[]')")
    second = subprocess.Popen([sys.executable, "-m", "llm_extract.cli", "export", str(_records(
        tmp_path / "b.jsonl", *({**RECORD, "doc_id": f"b{k}"} for k in range(300)))), "-o", str(db)], cwd=ROOT,
        stderr=subprocess.PIPE, text=True)
    try:
        with pytest.raises(subprocess.TimeoutExpired):
            second.wait(timeout=8)  # still waiting for the lock
    finally:
        holder.execute("COMMIT")
        holder.close()
    assert second.wait(timeout=120) == 0, second.stderr.read() if second.stderr else ""
    with sqlite3.connect(db) as con:
        assert con.execute("SELECT count(*) FROM notices").fetchone() == (302,)


def test_row14_merge_into_a_pipe_closed_early_is_not_a_success(tmp_path):
    src = tmp_path / "r.jsonl"
    src.write_text("".join(json.dumps({**RECORD, "doc_id": f"d{k}", "title": f"公告{k}" * 50}) + "\n"
                           for k in range(3000)), "utf-8")
    r = subprocess.run(f"{sys.executable} -m llm_extract.cli merge {src} | head -c 10; exit ${{PIPESTATUS[0]}}",
                       shell=True, executable="/bin/bash", capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert r.returncode == 141 and "inspection(s)" not in r.stderr


def test_row1_cache_clear_touches_nothing_that_is_not_this_tools_cache(tmp_path):
    other = tmp_path / "other.db"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notes (x)")
    db.execute("INSERT INTO notes VALUES (1)")
    db.commit()
    db.close()
    text = tmp_path / "notes.txt"
    text.write_text("hello", "utf-8")
    for target, what in ((other, "another program's SQLite database (tables notes)"), (text, "not a SQLite file"),
                         (Path(os.devnull), "not a regular file")):
        env = {**os.environ, "LLM_EXTRACT_ANSWERS": str(target)}
        info, clear = _cli("cache", "info", env=env), _cli("cache", "clear", env=env)
        assert info.returncode == 0 and what in info.stdout and "cache clear" not in info.stdout
        assert clear.returncode == 2 and what in clear.stderr and "not touched" in clear.stderr
        cache = AnswerCache(target)  # what a run pointed at it opens: it goes on without, and adds nothing
        cache.put("k", {"answer": {}})
        assert cache.get("k") is None
    assert sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall() == [("notes",)]
    assert text.read_text("utf-8") == "hello" and Path(os.devnull).is_char_device()


def _records(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def test_row4_a_good_record_replaces_a_failed_one_of_the_same_text(tmp_path):
    db = tmp_path / "out.sqlite"
    failed = {**RECORD, "text_sha256": "ab" * 32, "error": "endpoint timed out", "backend": "rules (fallback)"}
    good = {**RECORD, "text_sha256": "ab" * 32, "teams": [{"name": "市委第一巡察组"}]}
    assert _cli("export", str(_records(tmp_path / "a.jsonl", failed)), "-o", str(db)).returncode == 0
    again = _cli("export", str(_records(tmp_path / "b.jsonl", good)), "-o", str(db))
    assert again.returncode == 0 and "1 notice(s) added" in again.stderr
    rows = sqlite3.connect(db).execute("SELECT doc_id, error, (SELECT count(*) FROM teams) FROM notices").fetchall()
    assert rows == [("d1", None, 1)]


def test_row5_row6_sqlite_export_refuses_what_is_not_its_database_and_touches_nothing(tmp_path):
    src = _records(tmp_path / "r.jsonl", RECORD)
    other = tmp_path / "other.sqlite"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE notices (id INTEGER, body TEXT)")
    db.commit()
    db.close()
    before = other.read_bytes()
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database at all", "utf-8")
    folder = tmp_path / "dir.sqlite"
    folder.mkdir()
    for target in (other, text, folder):
        r = _cli("export", str(src), "-o", str(target))
        assert r.returncode == 2 and r.stderr.startswith(f"llm-extract: {target}: ") and "Traceback" not in r.stderr
        assert r.stderr.count("\n") == 1
    assert other.read_bytes() == before and text.read_text("utf-8") == "not a database at all"
    huge = _records(tmp_path / "huge.jsonl", {**RECORD, "teams": [{"name": "某组"}], "evidence": [
        {"team": 0, "field": "name", "value": "某组", "start": 2 ** 70, "end": 2 ** 70 + 2, "text": "某组"}]})
    fresh = tmp_path / "fresh.sqlite"
    r = _cli("export", str(huge), "-o", str(fresh))
    assert r.returncode in (1, 2) and "Traceback" not in r.stderr and not fresh.exists()


def test_row13_merging_merged_records_keeps_every_earlier_source(tmp_path):
    notice = {**RECORD, "title": "市委第一巡察组进驻公告", "teams": [
        {"name": "市委第一巡察组", "targets": ["某甲局"], "phones": [{"number": "0999-1000001", "sms_only": False}]}]}
    merged = {**notice, "sources": ["d001", "d001-repost"]}
    repost = {**notice, "doc_id": "d001-mirror"}
    out = tmp_path / "m.jsonl"
    r = _cli("merge", str(_records(tmp_path / "a.jsonl", merged, repost)), "-o", str(out))
    assert r.returncode == 0, r.stderr
    (record,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert record["sources"] == ["d001", "d001-repost", "d001-mirror"]
    alone = tmp_path / "alone.jsonl"
    assert _cli("merge", str(_records(tmp_path / "b.jsonl", merged)), "-o", str(alone)).returncode == 0
    assert json.loads(alone.read_text("utf-8"))["sources"] == ["d001", "d001-repost"]


_EVIDENCE = ('{"doc_id": "x", "kind": "巡察", "event": "other", "teams": [], "evidence": [{"team": null, "field": "title", '
             '"value": "a", "start": 0, "end": 1, "text": "a", "confidence": CONFIDENCE}]}')


@pytest.mark.parametrize("bad", [_EVIDENCE.replace("CONFIDENCE", c) for c in ("-0.1", "NaN", "-Infinity")] + ['{"doc_id": "\\ud800", "kind": "巡察", "event": "other", "teams": []}',
     '{"doc_id": "x", "kind": "巡察", "event": "other", "teams": [], "conflicts": {"a": 1}}',
     '{"doc_id": "x", "kind": "巡察", "event": "other", "teams": [], "extra": ' + "[" * 5000 + "]" * 5000 + "}"])
def test_row7_a_bad_record_line_is_named_and_the_others_are_used(tmp_path, bad):
    src = tmp_path / "r.jsonl"
    src.write_text(json.dumps(RECORD) + "\n" + bad + "\n", "utf-8")
    for command, out in (("export", "o.csv"), ("merge", "m.jsonl"), ("review", "p.html")):
        r = _cli(command, str(src), "-o", str(tmp_path / out))
        assert r.returncode == 1 and f"{src}:2: " in r.stderr and "Traceback" not in r.stderr, (command, r.stderr)
        assert "d1" in (tmp_path / out).read_text("utf-8-sig")
    eval_html = _cli("eval", "--gold", str(ROOT / "eval" / "gold"), "--pred", str(src), "--html", str(tmp_path / "e.html"))
    assert "Traceback" not in eval_html.stderr


def test_row16_export_of_no_input_writes_no_file(tmp_path):
    r = _cli("export", str(tmp_path / "nosuch.jsonl"), "-o", str(tmp_path / "out.csv"))
    assert r.returncode == 2 and "nosuch.jsonl: No such file or directory" in r.stderr
    assert not (tmp_path / "out.csv").exists()


def test_row15_bidi_controls_in_a_record_are_shown_not_obeyed_on_the_review_page(tmp_path):
    src = _records(tmp_path / "r.jsonl", {**RECORD, "doc_id": "evil\u202etxt.exe", "title": "a\u2067b\u2069c"})
    page = tmp_path / "p.html"
    r = _cli("review", str(src), "-o", str(page))  # no texts: the page is written, and said to mark nothing
    assert r.returncode == 1 and "no --texts: nothing is marked" in r.stderr
    html = page.read_text("utf-8")
    assert "\u202e" not in html and "\u2067" not in html and "evil⟨U+202E⟩txt.exe" in html and "a⟨U+2067⟩b" in html


def test_row16_resume_keeps_a_last_record_that_only_lacks_its_newline(tmp_path):
    out = tmp_path / "out.jsonl"
    assert _cli("extract", str(ROOT / "eval" / "notices"), "--backend", "rules", "-o", str(out)).returncode == 0
    lines = out.read_text("utf-8").splitlines()
    marked = json.dumps({**json.loads(lines[2]), "kept": True}, ensure_ascii=False)  # tells the old line from a new one
    out.write_text("\n".join(lines[:2] + [marked]), "utf-8")  # three records, the last without its newline
    assert _cli("extract", str(ROOT / "eval" / "notices"), "--backend", "rules", "-o", str(out), "--resume").returncode == 0
    records = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["doc_id"] for r in records] == ["000", "001", "002", "003", "004"] and records[2].get("kept") is True


def test_row11_merging_long_unit_lists_is_linear_and_keeps_a_lists_own_units_apart(tmp_path):
    """Two records of one inspection with the same 6,000 units (宁县 beside 正宁县): each unit is matched by its key,
    not against every other (time: bench, not here), and a list's own 宁县 and 正宁县 stay two units."""
    units = ["正宁县", "宁县"] + [f"某{k}村" for k in range(6000)]
    one = {**RECORD, "text_sha256": "aa" * 32, "teams": [{"name": "市委第一巡察组", "targets": units}]}
    src = _records(tmp_path / "r.jsonl", one, {**one, "doc_id": "d2", "text_sha256": "bb" * 32})
    out = tmp_path / "m.jsonl"
    assert _cli("merge", str(src), "-o", str(out)).returncode == 0
    (merged,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert merged["sources"] == ["d1", "d2"] and merged["teams"][0]["targets"] == units


def test_an_output_written_whole_has_the_permissions_a_plain_write_gives(tmp_path):
    src = _records(tmp_path / "r.jsonl", RECORD)
    old = tmp_path / "kept.csv"
    old.write_text("old", "utf-8")
    old.chmod(0o640)
    r = _cli("export", str(src), "-o", str(tmp_path / "new.csv"), preexec_fn=lambda: os.umask(0o022))
    assert r.returncode == 0 and (tmp_path / "new.csv").stat().st_mode & 0o777 == 0o644
    assert _cli("export", str(src), "-o", str(old)).returncode == 0 and old.stat().st_mode & 0o777 == 0o640


def _team_record(doc_id: str, unit: str, phone: str, **extra: object) -> dict:
    return {**RECORD, "doc_id": doc_id, "text_sha256": f"{doc_id:0>64}"[-64:], **extra,
            "teams": [{"name": "市委第一巡察组", "targets": [unit], "phones": [{"number": phone, "sms_only": False}]}]}


@pytest.mark.parametrize("first,second", [("某市甲区人民医院", "甲区人民医院"), ("甲区人民医院", "某市甲区人民医院")])
def test_row11_merge_finds_a_unit_inside_another_either_way_round(tmp_path, first, second):
    """Candidates come from blocking keys (pieces of units); a unit that is most of the other's joins whichever
    is read first, one that is a third of it does not."""
    src = _records(tmp_path / "r.jsonl", _team_record("a", first, "0999-1000001"),
                   _team_record("b", second, "0999-1000002"), _team_record("c", "医院", "0999-1000003"))
    out = tmp_path / "m.jsonl"
    assert _cli("merge", str(src), "-o", str(out)).returncode == 0
    assert [json.loads(line)["sources"] for line in out.read_text("utf-8").splitlines()] == [["a", "b"], ["c"]]


def test_row11_copies_that_say_the_same_merge_as_one_reading_in_their_first_place(tmp_path):
    """Many records saying the same (other ids, other texts) are one reading: every id a source, its values and
    evidence once, a warning named once; the merged records in the order of their first sources."""
    evidence = [{"team": 0, "field": "targets", "value": "甲局", "start": 0, "end": 2, "text": "甲局", "confidence": 0.9}]
    copies = [_team_record(f"c{k}", "甲局", "0999-1000001", evidence=evidence, warnings=["w"]) for k in range(40)]
    other = _team_record("x", "乙局", "0999-2000002")
    src = _records(tmp_path / "r.jsonl", copies[0], other, *copies[1:])
    out = tmp_path / "m.jsonl"
    assert _cli("merge", str(src), "-o", str(out)).returncode == 0
    merged, alone = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert merged["sources"] == [f"c{k}" for k in range(40)] and alone["sources"] == ["x"]
    assert merged["teams"][0]["targets"] == ["甲局"] and merged["conflicts"] == []
    assert [e["source"] for e in merged["evidence"]] == ["c0"]
    assert merged["warnings"] == ["c0 and 39 more saying the same: w"]
