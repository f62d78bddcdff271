"""Every support class is one member of `Support`, rated by a class the package's table measured or by a back-off
it states."""

from llm_extract.reading.confidence import Rating, placement_key
from llm_extract.reading.supports import BACK_OFF, Support


def test_every_support_is_measured_or_says_what_it_backs_off_to():
    classes = Rating.package().classes
    measured = {key.split("/")[1].split("~")[0] for key in classes if "/" in key}
    for support in Support:
        assert support in measured or support in BACK_OFF, support
        if BACK_OFF.get(support, "").startswith("*/"):
            assert placement_key(support) == BACK_OFF[support]


def test_a_support_is_written_as_its_plain_name():
    assert f"targets/{Support.SHARED_ONLY}" == "targets/shared+only" and Support("referred") is Support.REFERRED
