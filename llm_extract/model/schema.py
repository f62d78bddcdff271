"""What the model is asked to fill, as instructor response models, checked against the source.

The lean answer asks only what needs reading (teams, leaders, targets, and which team each marked
contact belongs to): contact values and dates come from the extractors. The full answer also asks
for dates, for endpoints fast enough to write them. Contacts are never typed, only assigned by their
ids (`marks`). With a validation context (the notice's findings) every name must occur in the source
and every id must be one the text was marked with, so that instructor re-asks with the reason before
the deterministic repair drops what is still wrong.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from ..reading.extractors.targets import split_targets
from ..reading.findings import Findings
from .marks import candidates, read_id

_NAME = "照原文抄写，原文没有就不填"
_NOTHING = re.compile(r"\s*(?:null|none|nil|n/?a|无|没有|空|未知|不详|-+)?\s*", re.I)


def _source(info: ValidationInfo) -> Findings | None:
    ctx = info.context or {}
    return ctx.get("findings")


def _flat(text: str) -> str:
    return re.sub(r"\s+", "", text)


def ungrounded_words(values: list[str], findings: Findings) -> list[str]:
    """The values that do not occur in the notice's normalised text."""
    flat = _flat(findings.text)
    return [v for v in values if v and _flat(v) not in flat]


class LeanTeam(BaseModel):
    """One inspection team, as the text names it."""

    name: str = Field(description="巡视组或巡察组名称，" + _NAME)
    leader: str | None = Field(None, description="组长姓名，" + _NAME)
    deputy_leaders: list[str] = Field(default_factory=list, description="副组长姓名，" + _NAME)
    targets: list[str] = Field(default_factory=list, description="被巡视或巡察的单位、地方，每项一个，" + _NAME)
    contacts: list[str] = Field(default_factory=list, description="属于本组的联系方式的编号，即原文⟦⟧中的编号")

    @field_validator("leader", "deputy_leaders", "targets", "contacts", mode="before")
    @classmethod
    def _no_value(cls, value: Any, info: ValidationInfo) -> Any:
        """What small models write for "nothing" ("null", "无", "", null for a list) means nothing: no re-ask."""
        if value is None and info.field_name != "leader":
            return []
        if isinstance(value, str):
            return None if _NOTHING.fullmatch(value) else value
        if isinstance(value, list):
            return [v for v in value if not (isinstance(v, str) and _NOTHING.fullmatch(v)) and v is not None]
        return value

    @field_validator("targets")
    @classmethod
    def _one_unit_each(cls, value: list[str]) -> list[str]:
        """A list the model wrote as one item ("甲省、乙省") is split as the text's lists are, before grounding."""
        return [unit for item in value for unit in split_targets(item)]

    @field_validator("contacts")
    @classmethod
    def _marked(cls, value: list[str], info: ValidationInfo) -> list[str]:
        findings = _source(info)
        if findings is None:
            return value
        known = candidates(findings)
        missing = [v for v in value if read_id(v) not in known]
        if missing:
            raise ValueError(f"{'、'.join(missing)} 不是原文⟦⟧中的编号：contacts 只能写原文标出的编号")
        return value

    @field_validator("name", "leader", "deputy_leaders", "targets")
    @classmethod
    def _grounded(cls, value: str | list[str] | None, info: ValidationInfo) -> str | list[str] | None:
        findings = _source(info)
        if findings is None or value is None:
            return value
        missing = ungrounded_words([value] if isinstance(value, str) else value, findings)
        if missing:
            raise ValueError(f"{'、'.join(missing)} 不在原文中：{info.field_name} 只能照原文抄写")
        return value


class FullTeam(LeanTeam):
    """A team with its period, for endpoints that write fast."""

    start_date: str | None = Field(None, description="工作开始日期，YYYY-MM-DD；不知道年份写 --MM-DD")
    end_date: str | None = Field(None, description="工作结束日期，格式同上")
    petition_deadline: str | None = Field(None, description="受理信访截止日期，格式同上")
    duration: str | None = Field(None, description="工作时长，照原文")


class LeanAnswer(BaseModel):
    """The teams of one notice."""

    teams: list[LeanTeam] = Field(default_factory=list, description="每个开展工作的巡视组、巡察组一项")


class FullAnswer(BaseModel):
    """The teams of one notice, with their periods."""

    teams: list[FullTeam] = Field(default_factory=list, description="每个开展工作的巡视组、巡察组一项")


ANSWERS: dict[str, type[LeanAnswer] | type[FullAnswer]] = {"lean": LeanAnswer, "full": FullAnswer}



class Picked(BaseModel):
    """The whole name the model copies from right before one mark (⟦V1⟧)."""

    id: str = Field(description="问题的编号，如 V1")
    name: str = Field("", description="编号前面紧挨着的完整名称，照原文抄写；没有就写空字符串")


class CheckAnswer(BaseModel):
    """For each value put to the model (`focus.weak`), the whole name it reads at the value's mark; the code, not
    the model, says whether that confirms the value. An id it was not asked about is sent back."""

    answers: list[Picked] = Field(default_factory=list, description="每个编号一项")

    @field_validator("answers")
    @classmethod
    def _asked(cls, value: list[Picked], info: ValidationInfo) -> list[Picked]:
        asked = (info.context or {}).get("asked")
        ids = [(a, a.id.strip("⟦⟧ ").upper()) for a in value]
        if asked is not None and (extra := [a.id for a, i in ids if i not in asked]):
            raise ValueError(f"{'、'.join(extra)} 不是问题的编号：只回答问到的编号")
        return [Picked(id=i, name=_flat(a.name)) for a, i in ids]
