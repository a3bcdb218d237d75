"""The writers of the sheets added with the enterprise and investment halves (issues 16, 17),
as one base for the importer's writer: each is a mixin with one method per sheet key."""

from services.workbook.benchmark_rows import BenchmarkWriter
from services.workbook.investment_rows import InvestmentWriter
from services.workbook.pipeline_rows import PipelineWriter
from services.workbook.supply_rows import SupplyWriter
from services.workbook.title_rows import TitleWriter


class HalfWriters(SupplyWriter, TitleWriter, InvestmentWriter, PipelineWriter, BenchmarkWriter):
    """Titles and the cultivation library, the matchmaking lists, investment targets, the
    pipeline's projects and yearly funds targets, and benchmarking peers and figures."""
