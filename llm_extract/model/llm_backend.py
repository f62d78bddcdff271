"""The LLM backend: the rules answer completed by the model's grounded reading.

Layers, each with one job: `focus` picks the phrases the model needs, `prompts` renders the
template files, `endpoint` asks (instructor enforces the response model, re-asking with the
validator's reason; tenacity retries transport failures), and `crosscheck` keeps only what the
source supports.

What is asked: with `fields="lean"` (the local default) only what the rules left open or unsure, from
an excerpt around the cues for it, and nothing when the reading is sure; with `fields="full"` (the
default for endpoints, which write fast) every field, from the notice's body. Either way contacts are
shown marked with ids (`marks`) and the model only says which team each belongs to. Then, in a second request
where there are any, the names whose shape is suspect and whose confidence is below the threshold: the model
copies the whole name at each one's mark, and `crosscheck.apply_checks` says what that confirms or repairs.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from ..backend import BackendError
from ..models import Notice, Usage
from ..reading import rules
from ..reading.confidence import default_threshold, rate
from ..reading.findings import Findings
from ..redact import redact_url
from .cache import AnswerCache
from .circuit import Breaker
from .crosscheck import apply_checks, merge
from .endpoint import Endpoint, EndpointConfig, counting, one_line
from .focus import check_excerpt, excerpt, gaps, weak
from .marks import marked
from .prompts import check_messages, messages, question
from .schema import ANSWERS, CheckAnswer

log = logging.getLogger(__name__)

FULL_BUDGET = 6000  # characters of the notice body a full answer is read from


class LLMBackend:
    """Answers through a chat-completions endpoint; the rules answer completed by the model's grounded reading.

    Safe to call from many threads at once (`extract_many(..., concurrency=N)`): each notice counts its own
    tokens, and the endpoint's breaker and cache are shared (`Endpoint` says what `probe`, `breaker`, `cache`
    and `start` do)."""

    def __init__(self, config: EndpointConfig, name: str | None = None,
                 probe: Callable[[], str | None] | None = None, breaker: Breaker | None = None,
                 cache: AnswerCache | None = None, start: Callable[[], None] | None = None) -> None:
        self.config = config
        self.name = name or f"llm:{config.model}@{redact_url(config.base_url)}"
        self.endpoint = Endpoint(config, probe=probe, breaker=breaker, cache=cache, start=start)

    def _scrub(self, text: str) -> str:
        return self.endpoint.scrub(text)

    def answer(self, doc_id: str, findings: Findings) -> Notice:
        with counting(Usage()) as usage:
            try:
                return self._answer(doc_id, findings, usage)
            except BackendError as e:
                e.usage = usage  # the tokens a failed answer cost
                raise

    def _answer(self, doc_id: str, findings: Findings, usage: Usage) -> Notice:
        base = rules.answer(doc_id, findings)
        base.backend = self.name
        notice = base
        if self.config.fields == "full":
            text: str | None = marked(findings, 0, min(findings.body_end, FULL_BUDGET))
        else:
            wanted = gaps(base, findings)
            text = excerpt(findings, wanted) if wanted else None
            log.debug("%s: the rules left open %s", doc_id, ", ".join(sorted(wanted)) or "nothing")
        try:
            if text is not None:
                answer, warnings = self.endpoint.ask(messages(base.title, text), ANSWERS[self.config.fields],
                                                     {"findings": findings})
                notice = merge(base, answer, findings, warnings)
            notice = self._checked(notice, findings, asked_before=text is not None)
        except Exception as e:  # every failure leaves as one scrubbed line; the caller falls back to the rules
            raise BackendError(self._scrub(one_line(e))) from None
        notice.usage = usage
        return notice

    def _checked(self, notice: Notice, findings: Findings, asked_before: bool) -> Notice:
        """The names rated below the calibrated threshold put to the model in one request (`focus.weak`): it
        copies the whole name at each one's mark, and the cross-check says what that confirms or repairs.
        Nothing is asked where every value is sure."""
        asked = weak(rate(notice), findings, self.config.check_below if self.config.check_below is not None
                     else default_threshold())
        if not asked:
            if not asked_before:
                notice.backend = f"{self.name} (rules left nothing open: model not asked)"
            return notice
        questions = [f"{w.id}：{question(w.evidence.field)}" for w in asked]
        log.debug("checking %d name(s) rated below the threshold: %s", len(asked), ", ".join(w.id for w in asked))
        msgs = check_messages(notice.title, check_excerpt(findings, asked), questions)
        answer, warnings = self.endpoint.ask(msgs, CheckAnswer, {"asked": {w.id for w in asked}})
        notice.warnings.extend(warnings)
        return apply_checks(notice, asked, answer, findings)
