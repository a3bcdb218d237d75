"""The JSON API under ``/api`` (issue 7): the same operations and the same permissions as the
pages, with a bearer token instead of a sign-in cookie. OpenAPI: ``/api/openapi.json``, docs:
``/api/docs``."""

from fastapi import APIRouter

from web.api import (
    benchmarks,
    chains,
    enterprises,
    investment,
    investment_projects,
    matchmaking,
    notices,
    plans,
    practices,
    projects,
    requests,
    rollups,
    supply_lists,
    tasks,
    todo,
)

router = APIRouter(prefix="/api")
for _area in (
    chains, tasks, projects, requests, notices, rollups, todo, enterprises, plans, matchmaking
):
    router.include_router(_area.router)
router.include_router(supply_lists.router)  # matchmaking lists and the shortlist (issue 16)
router.include_router(investment.router)  # investment targets (issue 17)
router.include_router(investment_projects.router)  # the investment pipeline (issue 17)
router.include_router(benchmarks.router)  # benchmarking and the gap list (issue 17)
router.include_router(practices.router)  # practices' periods and records (issue 18)
