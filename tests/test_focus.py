"""What the model is asked about (the rules' gaps) and the excerpt it is given for them."""

from llm_extract.model.focus import excerpt, gaps
from llm_extract.reading import rules
from llm_extract.reading.findings import read

from .conftest import NOTICES


def open_fields(text):
    f = read(text)
    return gaps(rules.answer("t", f), f), f


def test_gaps():
    assert open_fields("省委第一巡视组对甲县开展巡视。组长赵某某。")[0] == set()
    assert open_fields("省委第一巡视组对甲县开展巡视。组长赵某某，副组长及有关同志出席。")[0] == set()
    assert open_fields("省委第一巡视组对甲县开展巡视。组长赵某某，副组长为欧阳某某。")[0] == set()
    assert open_fields("省委第一巡视组对甲县开展巡视。组长赵某某，副组长、一级巡视员钱某某出席。")[0] == set()  # titles read
    assert open_fields("省委第一巡视组对甲县开展巡视。组长赵某某，副组长、省政府参事钱某某出席。")[0] == {"deputies"}
    assert open_fields("省委第一巡视组对甲县开展巡视。组长和副组长出席。")[0] == set()
    assert open_fields("省委第一巡视组近日开展巡视工作。组长赵某某。")[0] == {"targets"}
    assert open_fields("省委第一巡视组和省委第二巡视组近日进驻，组长赵某某作动员讲话。")[0] == {"teams"}
    assert open_fields("巡视组近日进驻，组长赵某某作动员讲话。")[0] == set()  # no team name the model could give
    assert open_fields("中央生态环境保护督察组进驻某省。")[0] == set()


def test_excerpt_holds_the_cues_for_the_gap_within_budget():
    f = read((NOTICES / "001.txt").read_text("utf-8"))
    text = excerpt(f, {"deputies"})
    assert "副组长及有关同志" in text and len(text.replace("\n", "")) <= 150
    assert excerpt(f, {"teams"}, budget=60) and len(excerpt(f, {"teams"}, budget=60).replace("\n", "")) <= 60


def test_the_model_is_asked_where_the_reading_is_unsure():
    # a numbered team word of a shape no pattern reads
    assert open_fields("县委巡察工作队第一组进驻甲镇开展巡察。举报电话：0551-62345678。")[0] == {"teams"}
    assert "teams" in open_fields("市委第一巡察组进驻甲局开展巡察，组长赵某某。市委巡察工作队第二组进驻乙局开展巡察。")[0]
    # several teams with contacts of their own, and one that nothing places; not a contact they all share
    placed = "市委第一巡察组进驻甲局开展巡察，电话：0571-61000001。市委第二巡察组进驻乙局开展巡察，电话：0571-61000002。"
    assert open_fields(placed)[0] == set()
    assert open_fields(placed + "另设电话：0571-61000003。")[0] == {"contacts"}
    both = "根据部署，市委第一巡察组进驻甲局开展巡察，市委第二巡察组进驻乙局开展巡察。"
    assert open_fields(both + "联系电话：0571-61000003。")[0] == set()
    # the count of a round's teams and a unit's 党组 are no team words
    assert open_fields("市委第一巡察组对甲局党组开展巡察，组长赵某某。本轮巡察共派出4个巡察组。")[0] == set()


def test_the_excerpt_marks_each_contact_with_its_id():
    f = read("市委第一巡察组进驻甲局开展巡察，电话：0571-61000001。市委第二巡察组进驻乙局开展巡察，电话：0571-61000002。"
             "另设电话：0571-61000003，电子邮箱：abc@example.cn。")
    text = excerpt(f, {"contacts"})
    assert "0571-61000003⟦P3⟧" in text and "abc@example.cn⟦E1⟧" in text


def test_the_excerpt_cuts_at_clause_and_list_breaks_not_inside_a_unit():
    f = read("3月2日，市委第一巡察组巡察甲乙丙学院党委、丁戊己学院党委工作动员会召开。会上，组长、一级巡视员赵某某讲话。")
    lines = excerpt(f, {"leader"}).split("\n")
    assert lines == ["市委第一巡察组巡察甲乙丙学院党委", "会上,组长、一级巡视员赵某某讲话"]
