"""``chainops demo``: a fresh demo city in its own SQLite file, loaded from data."""

from pathlib import Path

from chainops import wiring
from models.db import make_engine, session_scope
from services.database import upgrade_schema
from services.overview import CityOverview, city_overview
from services.workbook.importing import import_workbook
from services.workbook.reading import read_workbook

DEMO_CITY = Path(__file__).parent / "demo" / "city.yaml"


def run_demo(database: Path) -> CityOverview:
    """Recreate ``database``, load the demo city through the normal import, and return its
    overview. The demo never touches the configured database."""
    for leftover in (database, *(database.with_name(database.name + s) for s in ("-wal", "-shm"))):
        leftover.unlink(missing_ok=True)
    engine = make_engine(f"sqlite:///{database}")
    try:
        upgrade_schema(engine=engine)
        with session_scope(engine) as session:
            import_workbook(
                session=session,
                workbook=read_workbook(DEMO_CITY),
                actor="demo",
                now=wiring.now(),
            )
            return city_overview(session=session, today=wiring.today())
    finally:
        engine.dispose()
