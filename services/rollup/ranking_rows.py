"""The ranking a monthly close freezes in each chain's and department's figures (排名).

Two modes, chosen in the rollup file (``ranking``): the weighted mean of ``mechanism.ranking``
— ``{"mode": "weighted", "score", "rank", "parts"}`` — or the points of ``mechanism.points`` —
``{"mode": "points", "score", "rank", "group", "base", "built"}``, ranked within the group
(chains as one group, departments by the file's groups). The city freezes which mode and the
points table as ``ranking_rules``, beside ``weights``, so a closed month says how it was ranked.
"""

from typing import Any

from mechanism.points import CHAINS_GROUP, PointsRules, rank_points
from mechanism.ranking import Weights, rank
from mechanism.rollup import Figures


def add_rankings(
    chains: dict[str, Figures],
    departments: dict[str, Figures],
    *,
    weights: Weights,
    points: PointsRules | None,
) -> None:
    """Write ``ranking`` into every chain's and department's figures (code → figures)."""
    if points is None:
        for ranked in (chains, departments):
            for scored in rank(ranked, weights):
                ranked[scored.code]["ranking"] = {
                    "mode": "weighted",
                    "score": scored.score,
                    "rank": scored.rank,
                    "parts": scored.parts,
                }
        return
    pointed = rank_points(chains, points, lambda _code: CHAINS_GROUP)
    pointed += rank_points(departments, points, points.group_of)
    for scope in pointed:
        target = chains if scope.group == CHAINS_GROUP else departments
        target[scope.code]["ranking"] = {
            "mode": "points",
            "score": scope.score,
            "rank": scope.rank,
            "group": scope.group,
            "base": float(points.base),
            "built": scope.built,
        }


def ranking_rules(points: PointsRules | None) -> dict[str, Any]:
    """What the city freezes as ``ranking_rules``: the mode, and in points mode the table."""
    return {"mode": "weighted"} if points is None else points.as_dict()
