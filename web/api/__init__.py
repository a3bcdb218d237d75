"""The JSON API under ``/api`` (being built: see issue 7)."""

from fastapi import APIRouter

router = APIRouter(prefix="/api")
