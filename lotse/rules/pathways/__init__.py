"""The ten pathways of the contract's catalogue, in the contract's stable order."""

from lotse.rules.pathways import (
    eu_blue_card,
    experience_based,
    opportunity_card,
    privileged_nationals,
    recognition_measures,
    recognition_partnership,
    skilled_worker_academic,
    skilled_worker_vocational,
    vocational_training,
    western_balkans,
)

PATHWAY_MODULES = (
    eu_blue_card,
    skilled_worker_vocational,
    skilled_worker_academic,
    experience_based,
    western_balkans,
    privileged_nationals,
    recognition_partnership,
    recognition_measures,
    opportunity_card,
    vocational_training,
)
PATHWAY_IDS: tuple[str, ...] = tuple(module.ID for module in PATHWAY_MODULES)
