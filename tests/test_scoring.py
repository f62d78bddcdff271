"""The scorer, rule by rule of notice-v1.md, on hand-made pairs whose counts are worked out by hand."""

import pytest

from llm_extract.evaluation.scoring import align, score, score_notice


def team(name, **kw):
    base = {"name": name, "leader": None, "deputy_leaders": [], "targets": [], "start_date": None, "end_date": None,
            "duration": None, "petition_deadline": None, "phones": [], "phone_hours": [], "mailboxes": [], "emails": []}
    return {**base, **kw}


def notice(teams, kind="巡视", event="mobilization", title=None, doc_id="x"):
    return {"doc_id": doc_id, "kind": kind, "event": event, "title": title, "teams": teams}


def counts(s, field):
    c = s.counts[field]
    return c.tp, c.fp, c.fn


@pytest.mark.parametrize(
    "pred, gold",
    [
        ("省委第7巡视组", "省委第七巡视组"),  # numerals as digits
        ("省 委第七巡視組", "省委第七巡视组"),  # whitespace, Traditional
        ("第七巡视组", "省委第七巡视组"),  # containment
        ("广东省委第七巡视组", "省委第七巡视组"),  # containment the other way
        ("巡察一组", "区委专项巡察1组"),  # number and kind agree
    ],
)
def test_names_that_align(pred, gold):
    assert align([{"name": pred}], [{"name": gold}]) == [(0, 0)]


def test_names_that_do_not_align():
    assert align([{"name": "省委第七巡察组"}], [{"name": "省委第七巡视组"}]) == []  # kind differs
    assert align([{"name": "省委第八巡视组"}], [{"name": "省委第七巡视组"}]) == []


def test_alignment_is_one_to_one_and_prefers_equal_names():
    pred = [{"name": "第三巡察组"}, {"name": "市委第三巡察组"}]
    gold = [{"name": "市委第三巡察组"}]
    assert align(pred, gold) == [(1, 0)]


def test_scalars_equal_different_only_predicted_only_gold_and_nulls():
    p = notice([team("省委第七巡视组", leader="甲", start_date="2024-01-01", end_date="2024-02-01", petition_deadline=None)])
    g = notice([team("省委第七巡视组", leader="乙", start_date="2024-01-01", end_date=None, petition_deadline="2024-01-20")])
    s = score_notice(p, g, None)
    assert counts(s, "leader") == (0, 1, 1)  # both set, different
    assert counts(s, "start_date") == (1, 0, 0)
    assert counts(s, "end_date") == (0, 1, 0)  # only predicted
    assert counts(s, "petition_deadline") == (0, 0, 1)  # only gold
    assert counts(s, "duration") == (0, 0, 0)  # both null: nothing


def test_targets_match_by_containment_and_one_to_one():
    p = notice([team("T第1巡视组", targets=["英德市", "沧县", "某某局"])])
    g = notice([team("T第1巡视组", targets=["广东省英德市", "沧县", "青县"])])
    assert counts(score_notice(p, g, None), "targets") == (2, 1, 1)


def test_phones_by_digits_and_the_sms_flag_as_its_own_field():
    p = notice([team("T第1巡视组", phones=[{"number": "0763-8672025", "sms_only": False},
                                          {"number": "15830645642", "sms_only": False}])])
    g = notice([team("T第1巡视组", phones=[{"number": "07638672025", "sms_only": False},
                                          {"number": "15830645642", "sms_only": True}])])
    s = score_notice(p, g, None)
    assert counts(s, "phones") == (2, 0, 0)
    assert counts(s, "phones_sms") == (0, 0, 1)


def test_mailboxes_by_box_key_and_postcodes():
    p = notice([team("T第1巡视组", mailboxes=[{"address": "清远市A015号信箱", "postcode": "511500"},
                                             {"address": "某市人民路1号", "postcode": None}])])
    g = notice([team("T第1巡视组", mailboxes=[{"address": "广东省清远市A015号邮政信箱", "postcode": "511515"}])])
    s = score_notice(p, g, None)
    assert counts(s, "mailboxes") == (1, 1, 0)
    assert counts(s, "postcodes") == (0, 1, 1)


def test_spaced_and_upper_case_emails_match():
    p = notice([team("T第1巡视组", emails=["h b s w x s z07@h e b e i.g o v.c n"])])
    g = notice([team("T第1巡视组", emails=["HBSWXSZ07@hebei.gov.cn"])])
    assert counts(score_notice(p, g, None), "emails") == (1, 0, 0)


def test_unmatched_teams_count_in_every_field_they_fill():
    p = notice([team("省委第一巡视组", leader="甲", targets=["A县", "B县"], phones=[{"number": "010-12345678", "sms_only": True}])])
    g = notice([team("省委第二巡视组", leader="乙", petition_deadline="2024-01-01")])
    s = score_notice(p, g, None)
    assert counts(s, "team") == (0, 1, 1)
    assert counts(s, "leader") == (0, 1, 1)
    assert counts(s, "targets") == (0, 2, 0)
    assert counts(s, "phones") == (0, 1, 0) and counts(s, "phones_sms") == (0, 1, 0)
    assert counts(s, "petition_deadline") == (0, 0, 1)


def test_kind_event_title_and_a_missing_prediction():
    g = notice([team("省委第七巡视组")], title="标题")
    s = score_notice(None, g, None)
    assert counts(s, "kind") == (0, 0, 1) and counts(s, "team") == (0, 0, 1) and counts(s, "title") == (0, 0, 1)
    s = score_notice(notice([], kind="巡察", event="feedback", title="标 题"), g, None)
    assert counts(s, "kind") == (0, 1, 1) and counts(s, "event") == (0, 1, 1) and counts(s, "title") == (1, 0, 0)


def test_grounding_counts_values_missing_from_the_normalised_source():
    source = "值班电话：０７６３ － ８６７２０２５；邮箱：h b @ q q.c o m；信箱：某市Ａ０１５号信箱（邮编：511500）"
    p = notice([team("T第1巡视组", phones=[{"number": "0763-8672025", "sms_only": False},
                                          {"number": "0763-8672026", "sms_only": False}],
                     emails=["hb@qq.com"], mailboxes=[{"address": "某市A015号信箱", "postcode": "511599"}])])
    s = score_notice(p, notice([]), source)
    assert s.contact_values == 5
    assert s.ungrounded == ["phone 0763-8672026", "postcode 511599"]


def test_micro_f1_exact_notices_and_determinism():
    g1 = notice([team("省委第七巡视组", leader="甲")], doc_id="a")
    g2 = notice([team("省委第八巡视组", leader="乙")], doc_id="b")
    preds = {"a": notice([team("省委第七巡视组", leader="甲")], doc_id="a"),
             "b": notice([team("省委第八巡视组", leader="丙")], doc_id="b")}
    golds = {"a": g1, "b": g2}
    s = score(preds, golds, {})
    # core counts: kind 2 TP; team 2 TP; leader 1 TP + 1 FP + 1 FN  ->  micro-F1 = 2*5 / (2*5 + 1 + 1)
    assert s.micro_f1 == pytest.approx(10 / 12)
    assert s.exact == 0.5
    assert score(preds, golds, {}).as_dict() == s.as_dict()
