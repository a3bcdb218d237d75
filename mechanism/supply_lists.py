"""The two lists of matchmaking (融通对接): a chain master's demand list (需求清单) and an SME's
product and capability list (产品/能力清单) — the words of a demand's status, and which demands
a chain master may still choose a supplier for."""

from mechanism.vocabulary import Labelled


class DemandStatus(Labelled):
    """open → matched (a supplier chosen) → fulfilled, or withdrawn by the chain master."""

    OPEN = "open"
    MATCHED = "matched"
    FULFILLED = "fulfilled"
    WITHDRAWN = "withdrawn"

    # Labelled reads the shared table of mechanism.vocabulary; this vocabulary keeps its own,
    # beside it, so the matchmaking words stay in one module.
    @property
    def zh(self) -> str:
        return _LABELS[self.value][0]

    @property
    def en(self) -> str:
        return _LABELS[self.value][1]


_LABELS = {
    "open": ("待对接", "Open"),
    "matched": ("已对接", "Matched"),
    "fulfilled": ("已完成", "Fulfilled"),
    "withdrawn": ("已撤回", "Withdrawn"),
}

# A supplier may still be chosen while the demand is open or has matches under way.
CHOOSABLE = frozenset({DemandStatus.OPEN.value, DemandStatus.MATCHED.value})
