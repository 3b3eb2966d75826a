"""Error types and the single JSON error body every 4xx/5xx response carries."""

from typing import Any

from pydantic import BaseModel, Field
from starlette.responses import JSONResponse

STATUS_MESSAGES = {
    400: "Bad request",
    401: "Authentication required",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    413: "Request body too large",
    415: "Unsupported media type",
    421: "Misdirected request",
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
}


class PbxError(Exception):
    """An error the API answers with; raised anywhere, rendered once (mock_pbx.http.handlers)."""

    status = 400

    def __init__(self, message: str | None = None, headers: dict[str, str] | None = None) -> None:
        self.message = message or STATUS_MESSAGES.get(self.status, "Error")
        self.headers = headers
        super().__init__(self.message)


class NotFound(PbxError):
    status = 404


class Conflict(PbxError):
    """The request is valid but the thing it acts on is not in a state to take it."""

    status = 409


class Unauthorized(PbxError):
    status = 401


class ValidationFailed(PbxError):
    """400 naming the fields at fault, as the real service's validationErrors do."""

    def __init__(self, errors: list[tuple[str, str]], message: str = "Validation failed") -> None:
        super().__init__(message)
        self.field_errors = errors


def invalid(field: str, message: str) -> ValidationFailed:
    return ValidationFailed([(field, message)])


def error_body(message: str, field_errors: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    if field_errors is None:
        return {"message": message, "errors": [{"message": message}]}
    items = [{"field": field, "message": text} for field, text in field_errors]
    return {"message": message, "errors": items, "validationErrors": items}


def error_response(
    status: int,
    message: str | None = None,
    field_errors: list[tuple[str, str]] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    text = message or STATUS_MESSAGES.get(status, "Error")
    return JSONResponse(error_body(text, field_errors), status_code=status, headers=headers)


class FieldError(BaseModel):
    field: str | None = Field(None, description="The field at fault, as the body spells it")
    message: str = Field(description="What is wrong with it")


class ErrorBody(BaseModel):
    """Every 4xx and 5xx answer: a message and the errors; 400s name the fields at fault."""

    message: str = Field(description="What went wrong, for a person to read")
    errors: list[FieldError] = Field(description="Each error; on a 400, one per field at fault")
    validationErrors: list[FieldError] | None = Field(
        None, description="On a 400: the same errors, under the real service's name"
    )


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": text}
    for status, text in (
        (400, "Validation failed"),
        (401, "Authentication required"),
        (404, "Not found"),
        (405, "Method not allowed"),
        (413, "Request body too large"),
        (429, "Too many requests"),
    )
}
