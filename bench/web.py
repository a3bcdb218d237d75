"""How fast do the web app's busiest pages render on a city with a million tasks?

    .venv/bin/python bench/web.py [--city /tmp/bench-rollup.db] [--db /tmp/bench-web.db]
                                  [--runs 25]

1. The city: the one ``bench/rollup.py`` builds (1,000,000 tasks, 20,000 key projects, 50,000
   factor requests, 200,000 notices). If ``--city`` is missing it runs ``bench/rollup.py --keep``
   first (about two minutes). The city is copied to ``--db``, brought to the current schema, and
   given two sign-ins: the office (``p0001@example.gov.cn``) and a working-group member of
   BEARING, the biggest chain (``p0002@example.gov.cn``, by a grant).
2. The app is built as ``chainops serve`` builds it and driven in-process over ASGI (FastAPI's
   test client: the whole request — routing, session, queries, template — without a socket).
   Each page is fetched once to warm up, then ``--runs`` times; the median is reported:
   - ``overview_ms``: ``/city`` for the office (every chain, the red and yellow lists);
   - ``task_list_ms``: the BEARING chain page for its team member, pages 1, 2, … of its tasks
     (50 per page, a different page each run, so it is not one page cached);
   - ``task_list_last_ms``: its last page (the deepest OFFSET);
   - ``overview_team_ms``: ``/city`` for the team member (filters by chain in SQL);
   - ``todo_ms``: the to-do home ``/`` of a member of the department that leads the most
     tasks (tens of thousands): their tasks most urgent first, notices, requests;
   - ``task_list_city_ms``: ``/tasks`` for the office, every task in the city by due date,
     pages 1, 2, … (a different page each run);
   - ``task_search_ms``: ``/tasks?q=第123`` for the office: text in the title across every
     chain, 1,111 matches (titles end in 第N项), first page of 50 by due date — through the
     trigram index of migration 0011;
   - ``task_search_broad_ms``: ``/tasks?q=用地指标保障``, a phrase in about a tenth of all
     titles (the index finds them, the count and sort touch every one);
   - ``task_search_short_ms``: ``/tasks?q=轴承``, two characters: too short for a trigram, so
     every title is read.
3. Prints a table, then one JSON object as the last line. Target: overview, task list, to-do
   and task search under 200 ms median (the broad and short searches are reported, not
   targets).
   Exits 0 even if a target is missed.
"""

import argparse
import json
import math
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages, as in the venv

from fastapi.testclient import TestClient  # noqa: E402
from sqlmodel import col, func, select  # noqa: E402

from chainops.settings import Settings  # noqa: E402
from models import Chain, Person, Task  # noqa: E402
from models.db import make_engine, session_scope  # noqa: E402
from services.database import upgrade_schema  # noqa: E402
from services.people import add_user, set_password  # noqa: E402
from web.app import create_app  # noqa: E402

OFFICE = "p0001@example.gov.cn"
TEAM = "p0002@example.gov.cn"
TARGETS = ("overview_ms", "task_list_ms", "todo_ms", "task_search_ms")
PASSWORD = "bench-password"
CHAIN = "BEARING"
SEARCH = "第123"  # in 1,111 of the million titles: 第123项, 第1230–1239项, …
BROAD = "用地指标保障"  # one of the ten objects of the city's titles
SHORT = "轴承"  # two characters: no trigram
PER_PAGE = 50
TARGET_MS = 200.0


def prepare(city: Path, db: Path) -> dict[str, Any]:
    if not city.exists():
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "rollup.py"), "--keep", "--db", str(city)],
            check=True,
        )
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(city, db)
    engine = make_engine(f"sqlite:///{db}")
    upgrade_schema(engine=engine)
    with session_scope(engine) as session:
        now = time_now()
        add_user(session=session, email=OFFICE, office=True, now=now)
        add_user(session=session, email=TEAM, office=False, now=now, grants=[f"team:{CHAIN}"])
        busiest, led = session.exec(
            select(Task.lead_department_id, func.count())
            .group_by(col(Task.lead_department_id))
            .order_by(func.count().desc())
        ).first() or (None, 0)
        member = session.exec(
            select(Person.email).where(
                Person.department_id == busiest, col(Person.email).not_in([OFFICE, TEAM])
            )
        ).first()
        if member is None:
            raise SystemExit("the bench city has no person in its busiest department")
        add_user(session=session, email=member, office=False, now=now)
        for user in (OFFICE, TEAM, member):
            set_password(session=session, username=user, password=PASSWORD)
        tasks = session.exec(select(func.count()).select_from(Task)).one()
        chain_id = session.exec(select(Chain.id).where(Chain.code == CHAIN)).one()
        chain_tasks = session.exec(
            select(func.count()).select_from(Task).where(col(Task.chain_id) == chain_id)
        ).one()
    engine.dispose()
    return {"tasks": tasks, "chain_tasks": chain_tasks, "member": member, "led": led}


def time_now() -> Any:
    from chainops import wiring

    return wiring.now()


def signed_in(app: Any, username: str) -> TestClient:
    client = TestClient(app)
    page = client.get("/login").text
    token = page.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": token},
        follow_redirects=False,
    )
    if response.status_code != 303:
        raise SystemExit(f"could not sign in as {username}: {response.status_code}")
    return client


def median_ms(client: TestClient, paths: list[str]) -> tuple[float, list[float]]:
    client.get(paths[0])  # warm up: first queries, template compilation
    times = []
    for path in paths:
        started = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{path}: HTTP {response.status_code}")
    return round(statistics.median(times), 1), times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--city", default="/tmp/bench-rollup.db")
    parser.add_argument("--db", default="/tmp/bench-web.db")
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    started = time.perf_counter()
    facts = prepare(Path(args.city), Path(args.db))
    settings = Settings(
        database_url=f"sqlite:///{args.db}",
        environment="test",
        secret_key="bench-secret-key-long-enough",  # type: ignore[arg-type]
    )
    app = create_app(settings)
    office, team = signed_in(app, OFFICE), signed_in(app, TEAM)
    member = signed_in(app, facts["member"])
    pages = max(1, math.ceil(facts["chain_tasks"] / PER_PAGE))
    list_paths = [f"/chains/{CHAIN}?page={1 + (i * 97) % pages}" for i in range(args.runs)]
    city_paths = [f"/tasks?page={1 + i * 97}" for i in range(args.runs)]
    results = {
        "overview_ms": median_ms(office, ["/city"] * args.runs),
        "task_list_ms": median_ms(team, list_paths),
        "task_list_last_ms": median_ms(team, [f"/chains/{CHAIN}?page={pages}"] * args.runs),
        "overview_team_ms": median_ms(team, ["/city"] * args.runs),
        "todo_ms": median_ms(member, ["/"] * args.runs),
        "task_list_city_ms": median_ms(office, city_paths),
        "task_search_ms": median_ms(office, [f"/tasks?q={quote(SEARCH)}"] * args.runs),
        "task_search_broad_ms": median_ms(office, [f"/tasks?q={quote(BROAD)}"] * args.runs),
        "task_search_short_ms": median_ms(office, [f"/tasks?q={quote(SHORT)}"] * args.runs),
    }
    print(f"{facts['tasks']:,} tasks; {CHAIN}: {facts['chain_tasks']:,} tasks, {pages:,} pages")
    print(f"to-do of {facts['member']}, whose department leads {facts['led']:,} tasks")
    for name, (median, times) in results.items():
        low, high = min(times), max(times)
        print(f"  {name:20} median {median:8.1f} ms   min {low:7.1f}   max {high:7.1f}")
    summary = {
        "tasks": facts["tasks"],
        "chain_tasks": facts["chain_tasks"],
        "runs": args.runs,
        **{name: median for name, (median, _) in results.items()},
        "todo_department_tasks": facts["led"],
        "targets": {name: results[name][0] < TARGET_MS for name in TARGETS},
        "total_s": round(time.perf_counter() - started, 1),
    }
    summary["targets_met"] = all(summary["targets"].values())
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
