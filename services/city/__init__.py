"""The city as a whole: the overview (every chain with its leaders, missing mechanism elements
and workload), the chain page, the rows of the list commands, and one chain for the JSON API.
"""

from services.city.api import (
    chain_detail,
    visible_chain,
)
from services.city.chain_map import chain_map
from services.city.chain_page import (
    chain_view,
    readable_chain,
)
from services.city.listing import (
    list_departments,
    list_enterprises,
    list_notices,
    list_people,
)
from services.city.overview import (
    CityOverview,
    city_overview,
    lit_tasks,
)

__all__ = [
    "CityOverview",
    "chain_detail",
    "chain_map",
    "chain_view",
    "city_overview",
    "list_departments",
    "list_enterprises",
    "list_notices",
    "list_people",
    "lit_tasks",
    "readable_chain",
    "visible_chain",
]
