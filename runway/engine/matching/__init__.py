"""Two-sided matching of investor mandates and open funding rounds, explained.

    result = match_all(mandate_specs, round_specs, top=20, fx={"USD": Decimal("7.1")})
    for match in result.by_mandate.for_mandate("m-1"):
        match.round_id, match.rank, match.score, match.components, match.explanation

Encode once and re-match incrementally: `MandateTable.from_specs`, `RoundTable.from_specs`,
then `match_round(changed_round, mandate_table)` and `match_mandate(changed, round_table)`.
`batch.run` is `runway match` (CSV files in, matches.csv out). The model, filters, weights and
formats are in docs/decisions.md ("Matching").
"""

from runway.engine.matching.csv_input import BatchInputError, BatchProblem, Expected
from runway.engine.matching.fit import SCALE
from runway.engine.matching.frames import Fx
from runway.engine.matching.incremental import (
    match_mandate,
    match_round,
    score_mandate,
    score_round,
)
from runway.engine.matching.matcher import match_all
from runway.engine.matching.results import (
    ENGINE_VERSION,
    Component,
    Match,
    Matches,
    MatchResult,
)
from runway.engine.matching.specs import (
    COMPONENTS,
    DEFAULT_WEIGHTS,
    MUST_FIELDS,
    MandateSpec,
    RoundSpec,
    SpecError,
    SpecProblem,
)
from runway.engine.matching.tables import DuplicateIdError, MandateTable, RoundTable

__all__ = [
    "COMPONENTS",
    "DEFAULT_WEIGHTS",
    "ENGINE_VERSION",
    "MUST_FIELDS",
    "SCALE",
    "BatchInputError",
    "BatchProblem",
    "Component",
    "DuplicateIdError",
    "Expected",
    "Fx",
    "MandateSpec",
    "MandateTable",
    "Match",
    "MatchResult",
    "Matches",
    "RoundSpec",
    "RoundTable",
    "SpecError",
    "SpecProblem",
    "match_all",
    "match_mandate",
    "match_round",
    "score_mandate",
    "score_round",
]
