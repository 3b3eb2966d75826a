"""How routes answer: JSON bodies (with a Location for what they create) and WAV audio."""

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from mock_pbx.wire.models import ApiModel


def dump(model: ApiModel) -> dict[str, Any]:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def json_response(
    body: Any, status: int = 200, headers: dict[str, str] | None = None
) -> JSONResponse:
    return JSONResponse(body, status_code=status, headers=headers)


def created(body: dict[str, Any]) -> JSONResponse:
    """201 with the new record, and its URI in Location."""
    return json_response(body, 201, {"Location": body["uri"]})


def wants_wav(request: Request) -> bool:
    """Accept: audio/wav (or a .wav suffix, which the middleware turns into that header)."""
    accept = request.headers.get("accept", "")
    return "audio/wav" in accept or "audio/x-wav" in accept
