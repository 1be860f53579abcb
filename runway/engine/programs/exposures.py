"""Who carries what on a deal: a party's exposure and expected loss."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Party(StrEnum):
    INVESTOR = "investor"  # the private investor or lender making the deal
    CO_INVESTOR = "co_investor"  # public money invested beside it by a co-investment program
    GOVERNMENT = "government"  # guarantees, compensation, subsidies and grants
    VENTURE = "venture"  # the venture's cost of the deal: interest and fees


@dataclass(frozen=True, slots=True)
class Exposure:
    """One party's position: `exposure` the amount at stake, `expected_loss` = PD x LGD x
    exposure. In results, amounts are rounded to the cent (the expected loss from unrounded
    factors) and PD and LGD to 6 places. `program_id` names the program behind a public row."""

    party: Party
    exposure: Decimal
    expected_loss: Decimal
    probability_of_default: Decimal
    loss_given_default: Decimal
    program_id: str | None = None
