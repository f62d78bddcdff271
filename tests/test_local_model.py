"""The embedded local model end to end: the real 0.5B GGUF joined from its PyPI chunks, served by
llama-cpp-python's OpenAI-compatible server on loopback, reached through openai + instructor."""

import json
import subprocess
import sys

import jsonschema
import pytest

from llm_extract.evaluation.scoring import score_notice
from llm_extract.local_model import ensure_model, model_spec
from llm_extract.normalize import canon

from .conftest import GOLD, NOTICES, ROOT

pytestmark = pytest.mark.model
SCHEMA = json.loads((ROOT / "schemas" / "notice-v1.schema.json").read_text("utf-8"))


def test_chunks_join_into_the_checked_gguf(tmp_path, monkeypatch):
    monkeypatch.setenv("LLM_EXTRACT_CACHE", str(tmp_path))
    spec = model_spec("0.5b")
    path = ensure_model(spec)
    assert path.parent == tmp_path and path.stat().st_size == spec.size
    assert (tmp_path / (path.stem + ".sha256")).read_text().strip() == spec.sha256
    assert ensure_model(spec) == path  # reused, not joined again


def test_cli_answers_from_the_local_model_on_loopback(tmp_path):
    """001 leaves its deputies open to the rules, so the model is asked; the answer must be valid and grounded."""
    out = tmp_path / "out.jsonl"
    r = subprocess.run([sys.executable, "-m", "llm_extract.cli", "extract", str(NOTICES / "001.txt"), "--backend", "local",
                        "--model", "0.5b", "-o", str(out)], capture_output=True, cwd=ROOT, timeout=900)
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    (answer,) = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    jsonschema.validate(answer, SCHEMA)
    assert answer["backend"] == "local:0.5b"
    assert answer["usage"]["prompt_tokens"] > 0 and answer["usage"]["completion_tokens"] > 0
    source = (NOTICES / "001.txt").read_text("utf-8")
    scored = score_notice(answer, json.loads((GOLD / "001.json").read_text("utf-8")), source)
    assert scored.ungrounded == []
    assert scored.counts["team"].tp == 1 and scored.counts["phones"].tp == 1
    for ev in answer["evidence"]:
        assert source[ev["start"] : ev["end"]] == ev["text"]
    for team in answer["teams"]:
        for name in [team["leader"]] + team["deputy_leaders"] + team["targets"]:
            assert name is None or canon(name) in canon(source)
