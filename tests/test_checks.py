"""The model as checker, its deterministic parts on invented strings: which values are put to it, how they are
marked, and what its answer confirms, repairs or leaves as it was (the real model: test_local_model)."""

import pytest
from pydantic import ValidationError

from llm_extract import extract
from llm_extract.evaluation.calibration import check_counts
from llm_extract.model.crosscheck import apply_checks
from llm_extract.model.focus import check_excerpt, weak
from llm_extract.model.schema import CheckAnswer, Picked
from llm_extract.reading.findings import read

CUT = "市委第一巡察组进驻某及某特市开展巡察。组长张某某。举报电话：0999-1000001。"


def asked_of(text):
    notice, findings = extract(text, min_confidence=0), read(text)
    return notice, findings, weak(notice, findings, threshold=1.0)


def test_only_names_whose_shape_is_suspect_are_put_to_the_model():
    notice, findings, asked = asked_of(CUT)
    assert [(w.id, w.evidence.field, w.evidence.value, w.team) for w in asked] == [("V1", "targets", "某特市", "市委第一巡察组")]
    assert weak(notice, findings, threshold=0.0) == []  # nothing below a threshold of 0
    sure = "市委第一巡察组进驻某甲县开展巡察。组长张某某。"
    assert asked_of(sure)[2] == []  # a name whose shape holds is not asked, whatever its confidence


def test_each_value_is_marked_right_after_it_in_its_phrase():
    _, findings, asked = asked_of(CUT)
    assert check_excerpt(findings, asked) == "市委第一巡察组进驻某及某特市⟦V1⟧开展巡察"


@pytest.mark.parametrize("copied,outcome,value,support", [
    ("某特市", "confirmed", "某特市", "checked"),
    ("某及某特市", "repaired", "某及某特市", "checked"),
    ("某乙县", "unconfirmed", "某特市", "suspect"),  # not the text at the mark: the value stays as it was
    ("进驻某及某特市开展", "unconfirmed", "某特市", "suspect"),  # covers the value, but no unit's shape
    ("", "unconfirmed", "某特市", "suspect"),
])
def test_what_the_model_copies_confirms_repairs_or_leaves_the_value(copied, outcome, value, support):
    notice, findings, asked = asked_of(CUT)
    apply_checks(notice, asked, CheckAnswer(answers=[Picked(id="V1", name=copied)]), findings)
    (e,) = [e for e in notice.evidence if e.field == "targets"]
    assert (e.asked, e.value, e.support, e.placed) == (outcome, value, support, "sentence")
    assert notice.teams[0].targets == [value] and CUT[e.start : e.end] == e.text == value


def test_an_id_not_asked_about_is_sent_back():
    with pytest.raises(ValidationError, match="V9"):
        CheckAnswer.model_validate({"answers": [{"id": "V9", "name": "某县"}]}, context={"asked": {"V1"}})
    ok = CheckAnswer.model_validate({"answers": [{"id": "⟦v1⟧", "name": "某 及某特市"}]}, context={"asked": {"V1"}})
    assert ok.answers == [Picked(id="V1", name="某及某特市")]


def test_eval_counts_each_outcome_right_against_gold():
    notice, findings, asked = asked_of(CUT)
    apply_checks(notice, asked, CheckAnswer(answers=[Picked(id="V1", name="某及某特市")]), findings)
    gold = {"teams": [{"name": "市委第一巡察组", "targets": ["某及某特市"]}]}
    assert check_counts({"a": notice.contract()}, {"a": gold}) == {"asked/repaired": {"right": 1, "total": 1}}
