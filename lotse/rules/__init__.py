"""The law as code: a pure-Python rules engine for skilled immigration to NRW (no Django, ever).

Public API:
    assess(data, *, as_of=None, lang="de", local_authority_resolver=None) -> dict
    validate(data, *, as_of=None) -> dict            (raises InputError)
    InputError, ParameterNotInForce, RULES_VERSION, PATHWAY_IDS, PROFESSIONS
"""

from lotse.rules.engine import SCHEMA, assess
from lotse.rules.errors import InputError, ParameterNotInForce, RulesError
from lotse.rules.pathways import PATHWAY_IDS
from lotse.rules.professions import PROFESSIONS
from lotse.rules.validation import validate
from lotse.rules.version import RULES_VERSION

__all__ = [
    "assess",
    "validate",
    "InputError",
    "ParameterNotInForce",
    "RulesError",
    "RULES_VERSION",
    "PATHWAY_IDS",
    "PROFESSIONS",
    "SCHEMA",
]
