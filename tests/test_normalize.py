"""Normalisation: the forms the contract fixes, and an offset map that always points back into the original."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from llm_extract.reading.normalize import canon, normalize


def test_traditional_becomes_simplified():
    assert normalize("省委第十三巡視組巡視廣州市").text == "省委第十三巡视组巡视广州市"


def test_inline_pinyin_is_removed():
    assert normalize("全市巡察工作會(huì)議召開(kāi)，資(zī)料").text == "全市巡察工作会议召开,资料"


def test_full_width_digits_letters_colons_become_half_width():
    assert normalize("电话：０７６３－８６７２０２５，信箱Ａ０１５").text == "电话:0763-8672025,信箱A015"


def test_letter_by_letter_spacing_is_joined_but_lists_stay_apart():
    assert normalize("h b s w x s z07@h e b e i.g o v.c n").text == "hbswxsz07@hebei.gov.cn"
    assert normalize("0763 - 8672025").text == "0763-8672025"
    assert normalize("0763-8672025 13800138000").text == "0763-8672025 13800138000"
    assert normalize("组 长：李 明").text == "组长:李明"
    # a name padded to three characters in running prose, right after its role
    assert normalize("组长李 明、副组长王　强于3月1日进驻").text == "组长李明、副组长王强于3月1日进驻"
    assert normalize("巡察组 进驻 甲镇").text == "巡察组 进驻 甲镇"  # words apart stay apart


def test_dashes_tildes_and_ratio_colon_have_one_form():
    assert normalize("8∶00～17∶30，9:00—12:00，1–2").text == "8:00-17:30,9:00-12:00,1-2"


def test_span_maps_a_value_back_to_its_original_characters():
    original = "專門信箱：ｈ ｂ @ q q.c o m 電話：０７６３ － ８６７２０２５"
    n = normalize(original)
    i = n.text.index("0763-8672025")
    s, e = n.span(i, i + len("0763-8672025"))
    assert original[s:e] == "０７６３ － ８６７２０２５"


def test_canon_drops_all_whitespace():
    assert canon("广东省 清远市\nA015 号") == "广东省清远市A015号"


_alphabet = st.sampled_from(list("巡視組會議省委第七號信箱電話 0123456789ａｂ:：—～(huì)abcAB@. \n"))


@settings(max_examples=300, deadline=None)
@given(st.text(_alphabet, max_size=60))
def test_offset_map_is_monotone_and_in_range(text):
    n = normalize(text)
    assert len(n.origin) == len(n.text)
    assert all(0 <= o < len(text) for o in n.origin)
    assert all(a <= b for a, b in itertools.pairwise(n.origin))


@settings(max_examples=300, deadline=None)
@given(st.text(_alphabet, max_size=60), st.data())
def test_every_span_holds_the_source_of_its_value(text, data):
    n = normalize(text)
    if not n.text:
        return
    i = data.draw(st.integers(0, len(n.text) - 1))
    j = data.draw(st.integers(i + 1, len(n.text)))
    s, e = n.span(i, j)
    assert 0 <= s < e <= len(text)
    # Normalising the original slice gives back the value (up to the spaces joined at its edges).
    assert canon(text[s:e]) .find(canon(n.text[i:j])) >= 0


def test_a_label_in_brackets_at_a_lines_start_reads_as_a_label_and_a_colon():
    n = normalize("【巡察对象】甲局\n【举报电话】0999-1234567\n【巡察动态】某组进驻甲局")
    assert n.text == "巡察对象:甲局\n举报电话:0999-1234567\n【巡察动态】某组进驻甲局"  # not a headline's tag
    assert n.original[n.origin[n.text.index(":")]] == "】"


def test_a_line_broken_inside_a_sentence_is_joined_and_a_list_a_line_or_a_label_is_not():
    from llm_extract import extract
    wrapped = "根据县委统一部署，县委第一巡察组于3月1日起对县财政局、县税\n务局开展为期一个月的常规巡察，举报电话0999\n-2345678。"
    (team,) = extract(wrapped, backend="rules").teams
    assert (team.targets, [p.number for p in team.phones]) == (["县财政局", "县税务局"], ["0999-2345678"])
    n = normalize(wrapped)
    assert "\n" not in n.text and n.original[slice(*n.span(n.text.index("县税务局"), n.text.index("县税务局") + 4))] == "县税\n务局"
    for kept in ("县委第一巡察组对以下单位开展巡察，名单如下\n甲局\n乙局",  # a line that leads a list, short lines under it
                 "根据县委统一部署，县委第一巡察组进驻甲局开展巡察工作\n联系电话：0999-2345678",  # a label starts the next
                 "县委第一巡察组、县委第二巡察组分别进驻甲局、乙局\n二、联系方式"):  # an item mark starts it
        assert normalize(kept).text.count("\n") == kept.count("\n"), kept
