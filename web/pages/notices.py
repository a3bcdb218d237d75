"""Pages of this area (being built: see issue 7)."""

from fastapi import APIRouter

router = APIRouter()
