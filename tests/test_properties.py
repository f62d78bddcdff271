"""Properties of the rules backend over random and adversarial text: it never raises, its time grows
linearly with the length, and every value it returns is grounded in the text it was given."""

from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from llm_extract import extract
from llm_extract.evaluation.scoring import score_notice

# Pieces real notices are made of, so that random joins of them reach the extractors' deeper paths.
PIECES = [
    "省委第一巡视组", "市委第三、四巡察组", "区委专项巡察一组", "组长", "副组长", "李 明", "对", "进驻", "巡视", "巡察",
    "开展", "动员会", "公告", "反馈", "督导组", "电话", "值班电话：", "0763-8672025", "0763 - 8672025", "(0760)2322677",
    "13912345678", "仅接收短信", "26565924", "-123", "转", "邮政信箱", "A015号", "第300号", "信箱", "来信请寄：", "邮编",
    "100000", "（", "）", "(", ")", "收", "@", "abc", ".gov.cn", "h b s w", "2024年", "12月26日", "9月底", "至", "—", "~",
    "截止到", "前", "2个月", "21天左右", "8:30", "17:30", "上午", "下午", "9点", "工作日", "每天", "。", "，", "、", ":",
    "：", "\n", " ", "\u3000", "\xa0", "會(huì)", "（一）", "1.", "|", "组 别", "一组", "二组", "责任编辑", "１２３",
]
# Whole clauses, so that teams form and contacts attach to them; joined with random pieces between.
CLAUSES = [
    "省委第一巡视组对甲县开展巡视。", "市委第二巡察组进驻乙镇。", "组长李明，副组长王某。", "值班电话：0763-8672025。",
    "举报电话：13912345678（仅接收短信）。", "来信请寄：某市A015号邮政信箱（邮编100000）。", "电子邮箱：ab.c@x.gov.cn。",
    "受理信访时间截止到2024年12月26日。", "巡视时间为2024年11月14日至12月31日。", "接听时间：工作日8:30-17:30。",
    "（一）县委第二巡察组\n1.巡察对象：丙村\n2.联系电话：26565924\n", "第三、四巡察组分别对丁区和戊区开展巡察。",
]
TEXT = st.one_of(
    st.lists(st.one_of(st.sampled_from(CLAUSES), st.sampled_from(PIECES)), max_size=40).map("".join),
    st.lists(st.sampled_from(PIECES), max_size=80).map("".join),
    st.text(max_size=300),
    st.text(alphabet="0123456789-@.、 :：年月日至\n", max_size=400),
)
NO_GOLD = {"doc_id": "doc", "kind": "其他", "event": "other", "title": None, "teams": []}


def ungrounded(notice, text: str) -> list[str]:
    """Contact values the text does not hold (the contract's grounding rule), and evidence that misquotes it."""
    bad = score_notice(notice.contract(), NO_GOLD, text).ungrounded
    return bad + [f"evidence {e.field}={e.value!r}" for e in notice.evidence if text[e.start : e.end] != e.text]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_rules_never_raise_and_every_value_is_grounded(text):
    start = time.perf_counter()
    notice = extract(text, backend="rules")
    took = time.perf_counter() - start
    assert notice.error is None or "not valid Unicode" in notice.error or "binary" in notice.error or (
        notice.error == "empty input" and not text.strip())
    assert ungrounded(notice, text) == []
    assert took < 2.0 + len(text) * 2e-4  # linear, with room for a slow machine: a quadratic path blows it


@settings(max_examples=20, deadline=None)
@given(st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join), st.integers(2_000, 20_000))
def test_time_grows_linearly_with_a_repeated_piece(piece, length):
    """A piece repeated to `length` characters and to four times that: the long one may take ~4x, not ~16x."""
    short = (piece * (length // len(piece) + 1))[:length]
    times = []
    for text in (short, short * 4):
        start = time.perf_counter()
        extract(text)
        times.append(time.perf_counter() - start)
    assert times[1] < 0.3 + 8 * times[0], (piece, times)
