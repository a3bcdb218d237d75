"""The monthly rollup (月通报): closing a month (figures frozen per chain, per responsible
department and city-wide), publishing the bulletin's files and mail, and what the bulletin
pages read.
"""

from services.rollup.chain_maps import MapData, chain_maps
from services.rollup.close import (
    FiguresOf,
    GapsOf,
    MonthNotOver,
    RollupResult,
    close_month,
    show_month,
)
from services.rollup.investment_rows import InvestmentFigures, investment_figures
from services.rollup.page import (
    BulletinNotFound,
    bulletin,
    bulletin_xlsx,
    check_reader,
    closed_months,
    parse_month,
    reads_bulletins,
    workbook_name,
)
from services.rollup.publish import (
    MonthNotClosed,
    Published,
    bulletin_view,
    is_published,
    publish_month,
)
from services.rollup.supervision_view import LatestSupervision, latest_supervision

__all__ = [
    "BulletinNotFound",
    "FiguresOf",
    "GapsOf",
    "InvestmentFigures",
    "LatestSupervision",
    "MapData",
    "MonthNotClosed",
    "MonthNotOver",
    "Published",
    "RollupResult",
    "bulletin",
    "bulletin_view",
    "bulletin_xlsx",
    "chain_maps",
    "check_reader",
    "close_month",
    "closed_months",
    "investment_figures",
    "is_published",
    "latest_supervision",
    "parse_month",
    "publish_month",
    "reads_bulletins",
    "show_month",
    "workbook_name",
]
