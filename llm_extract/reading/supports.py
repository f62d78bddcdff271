"""The support classes: how the text ties a value to its team (or says what the value is), one name each.

A value's evidence carries its support; `confidence` rates a value by its field, support and cue. Every class is
here, with the class it backs off to where the calibration has not measured it (`BACK_OFF`), so that no class is
rated by accident: a test holds every member to a table entry or a stated back-off.
"""

from __future__ import annotations

from enum import StrEnum


class Support(StrEnum):
    """Where a value stood, or how it was read (its placement; `suspect` overrides it where its shape is off)."""

    NUMBERED = "numbered"  # a team's name with its number
    UNNUMBERED = "unnumbered"  # a team's name without one ("区委专项巡察组")
    ADDRESSED = "addressed"  # the value names its team ("…转第二巡察组收", "0999-…（第一巡察组）")
    CELL = "cell"  # a table cell under or beside its team's
    AFTER_TEAM = "after_team"  # right after the team's name ("第七巡视组组长某某")
    PAIRED = "paired"  # one of a list paired in order with a list of teams (分别, "第一、第二巡察组组长甲、乙")
    ORDERED = "ordered"  # one of as many mailboxes or e-mails as teams, none placed: one each in the teams' order
    SENTENCE = "sentence"  # the team named in the value's sentence
    CLAUSE = "clause"  # a team's clause ("县委第二巡察组巡察甲局。举报电话：…")
    CLAUSE_END = "clause_end"  # the last clause, which may as well be every team's
    HEADING = "heading"  # under the team's heading line
    REFERRED = "referred"  # the text's one team, referred to as 巡察组 in the value's sentence
    SOLE = "sole"  # nothing places it: the text's one team
    SHARED = "shared"  # nothing places it: every team (one of several of its kind)
    SHARED_ONLY = "shared+only"  # nothing places it, the only one of its kind: every team shares it
    SUSPECT = "suspect"  # its shape is off (`shapes`): rated by that, not by where it stood
    MODEL = "model"  # given by the model, grounded in the text
    CHECKED = "checked"  # the model's answer where the rules were unsure
    NONE = "none"  # a notice with no team


# A date's support adds how it was read: a range beside a period cue, or one day the work starts or ends on.
DATE_READINGS = ("range", "start", "end")

# The class each support falls back on where the calibration measured none of it: its field over all placements
# ("targets/*") unless said here. Placements measured under another name are rated as that one.
BACK_OFF: dict[Support, str] = {
    Support.ORDERED: "field",  # as sure as its field until measured
    Support.REFERRED: "field",
    Support.PAIRED: "field",
    Support.CLAUSE_END: "field",
    Support.SHARED_ONLY: "*/shared",  # the placement before its "+" (`confidence.placement_key`)
    Support.NONE: "unrated",  # no team: nothing to rate
}

UNPLACED = (Support.SOLE, Support.SHARED)  # nothing in the text places the value
UNSURE = (Support.CLAUSE_END,)  # placed, but where the layout leaves room for another reading: the model is asked
