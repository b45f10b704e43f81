"""The adaptive interview: which question to ask next, and when to stop (pure Python, no Django).

An interview is a dict of answers keyed by question id. A question is one page and may set several input fields
(`questions.yaml`, `fields`): the job question sets the occupation, its ISCO code and whether the position needs a
qualification; the qualification question sets the level and, when it is the job's own occupation, the
profession and that the job fits. `DONT_KNOW` is an honoured answer: the fields stay null, and the pathway that
needs them says so in `missing`.

Choosing the next question:
1. Assess the answers so far (unanswered fields are null; an unanswered job question is an unknown job, not
   "none").
2. Candidates are the askable questions that set a field some still-open pathway (needs_information) names in
   `missing`: only those can still decide something. Nothing is asked that an earlier answer implies: job details
   come after the job, recognition only after a level other than "keine formale Qualifikation", the exact
   occupation only for a job in an ISCO group that mixes regulated and unregulated occupations.
3. The core questions come first, in their natural order, whenever they are candidates: the job, the salary, the
   qualification, its recognition. After them the pathways closest to a decision pull hardest (each open pathway
   spreads a weight of 1/k² over its k unanswered questions); ties go to the natural order.
4. When no open pathway misses an unanswered field, every remaining question is probed once more: one whose answer
   could still change any pathway's status (a fixed-term job under six months, which the contract's "null =
   open-ended" would otherwise hide) is asked. Then the routing question (place of work), then the end.

The same interview drives the web navigator (lotse.navigator) and `lotse interview --batch`.

One module per purpose: `questions` (the questions and what they set), `answers` (answers → contract input),
`choosing` (the next question), `replay` (the navigator's state, `simulate` for `lotse interview`). Callers import
from here (`from lotse.rules.interview import …`).
"""

from lotse.rules.interview.answers import (
    answer_from_profile,
    build_input,
    field_values,
    has_job,
    job_answer,
    qualification_answer,
)
from lotse.rules.interview.choosing import mixed_group_entries, next_question
from lotse.rules.interview.questions import (
    CORE,
    DONT_KNOW,
    LEVELS_WITH_QUALIFICATION,
    NO_JOB,
    OPPORTUNITY_CARD_PULL,
    QUESTIONS_FILE,
    Option,
    Part,
    Question,
    field_questions,
    question,
    questions,
)
from lotse.rules.interview.replay import InterviewState, decisive_after, is_decisive, progress, replay, simulate

__all__ = [
    "CORE",
    "DONT_KNOW",
    "LEVELS_WITH_QUALIFICATION",
    "NO_JOB",
    "OPPORTUNITY_CARD_PULL",
    "QUESTIONS_FILE",
    "Option",
    "Part",
    "Question",
    "field_questions",
    "question",
    "questions",
    "answer_from_profile",
    "build_input",
    "field_values",
    "has_job",
    "job_answer",
    "qualification_answer",
    "mixed_group_entries",
    "next_question",
    "InterviewState",
    "decisive_after",
    "is_decisive",
    "progress",
    "replay",
    "simulate",
]
