"""The deal state machine and who may move it: one table, read by the service, the pages and the
API alike.

    interested -> intro_requested -> intro_accepted | intro_declined
    intro_accepted -> diligence -> term_sheet -> committed -> closed
    passed / withdrawn from any open state

| move                                   | made by  | in words                                   |
|----------------------------------------|----------|--------------------------------------------|
| interested -> intro_requested          | investor | asks for an introduction, with a message   |
| intro_requested -> intro_accepted      | venture  | accepts: contacts and documents unlock     |
| intro_requested -> intro_declined      | venture  | declines                                   |
| intro_accepted -> diligence            | investor | starts due diligence                       |
| diligence -> term_sheet                | investor | offers terms                               |
| term_sheet -> committed                | investor | commits hard, on accepted terms            |
| committed -> closed                    | venture  | closes the round: the money arrived        |
| any open state -> passed               | investor | the investor will not invest               |
| any open state -> withdrawn            | venture  | the venture ends the talks                 |

A deal in `interested` is the investor's private shortlist: the venture does not see it yet, so
it cannot withdraw it either (access answers "not found" first).

Two moves are never made by hand, only as the consequence of something else
(`SERVICE_MOVES`): a deal becomes `committed` when its investor's hard commitment is recorded
(services.commitments, which needs an accepted term sheet), and `closed` when the venture closes
the round (services.closing). And a hard commitment binds both sides: a committed deal can no
longer be passed or withdrawn while its round is open; it ends with the round.
`deal_transition` refuses these moves when their conditions do not hold, and the pages do not
offer them as buttons. Once a round has failed or been cancelled its commitments are released,
and either side may end a committed deal by hand.
"""

from __future__ import annotations

from enum import StrEnum

from runway.deals.models import DealState


class Side(StrEnum):
    INVESTOR = "investor"
    VENTURE = "venture"


OPEN_STATES = frozenset(
    {
        DealState.INTERESTED,
        DealState.INTRO_REQUESTED,
        DealState.INTRO_ACCEPTED,
        DealState.DILIGENCE,
        DealState.TERM_SHEET,
        DealState.COMMITTED,
    }
)
FINAL_STATES = frozenset(set(DealState.values) - OPEN_STATES)
# States in which the intro stands accepted: contacts and `on_intro` documents are shared.
UNLOCKED_STATES = frozenset(
    {
        DealState.INTRO_ACCEPTED,
        DealState.DILIGENCE,
        DealState.TERM_SHEET,
        DealState.COMMITTED,
        DealState.CLOSED,
    }
)
# Ending in one of these revokes the access the deal granted.
ENDED_STATES = frozenset({DealState.INTRO_DECLINED, DealState.PASSED, DealState.WITHDRAWN})

_CHAIN: dict[tuple[str, str], Side] = {
    (DealState.INTERESTED, DealState.INTRO_REQUESTED): Side.INVESTOR,
    (DealState.INTRO_REQUESTED, DealState.INTRO_ACCEPTED): Side.VENTURE,
    (DealState.INTRO_REQUESTED, DealState.INTRO_DECLINED): Side.VENTURE,
    (DealState.INTRO_ACCEPTED, DealState.DILIGENCE): Side.INVESTOR,
    (DealState.DILIGENCE, DealState.TERM_SHEET): Side.INVESTOR,
    (DealState.TERM_SHEET, DealState.COMMITTED): Side.INVESTOR,
    (DealState.COMMITTED, DealState.CLOSED): Side.VENTURE,
}
TRANSITIONS: dict[tuple[str, str], Side] = {
    **_CHAIN,
    **{(state, DealState.PASSED): Side.INVESTOR for state in OPEN_STATES},
    **{(state, DealState.WITHDRAWN): Side.VENTURE for state in OPEN_STATES},
}

# Made by services as a consequence (a hard commitment, the round's closing), never by hand.
SERVICE_MOVES = frozenset(
    {(DealState.TERM_SHEET, DealState.COMMITTED), (DealState.COMMITTED, DealState.CLOSED)}
)
# A hard commitment binds: from here the deal only closes with its round.
BINDING_STATES = frozenset({DealState.COMMITTED})

# The order the pages offer a side's moves in: forward first, the way out last.
_ORDER = {state: index for index, state in enumerate(DealState.values)}


def side_for(state: str, to: str) -> Side | None:
    """Which side may move a deal from `state` to `to`; None when the machine has no such move."""
    return TRANSITIONS.get((state, to))


def moves_for(state: str, side: Side, *, bound: bool = True) -> list[str]:
    """The states `side` may move a deal in `state` to by hand, forward moves first. `bound`:
    the deal's round is still open, so a committed deal is held by its hard commitment."""
    if bound and state in BINDING_STATES:
        return []
    return sorted(
        (
            to
            for (source, to), who in TRANSITIONS.items()
            if source == state and who == side and (source, to) not in SERVICE_MOVES
        ),
        key=_ORDER.__getitem__,
    )
