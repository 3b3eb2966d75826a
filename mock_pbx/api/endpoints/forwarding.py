"""Placeholder: filled in by its owner (issue 17 part 3)."""

from fastapi import APIRouter

router = APIRouter(tags=["endpoints"])
