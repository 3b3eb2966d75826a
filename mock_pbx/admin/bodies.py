"""Request bodies of the control API: camelCase on the wire, like the emulated API. The snake_case
names 0.1.x took (delay_ms, min_ms, max_ms, window_seconds) are still accepted until the next
release, and the answer to a request that used one carries `Deprecation: true`. To retire them,
drop accept_old_names and what it calls."""

from typing import Any, Self

from fastapi import Response
from pydantic import BaseModel, ConfigDict, ModelWrapValidatorHandler, PrivateAttr, model_validator

from mock_pbx.wire.models import wire_name


class AdminBody(BaseModel):
    """A control-API request body: camelCase names, and for one release the snake_case ones.
    (populate_by_name lets Python code build a body by its field names.)"""

    model_config = ConfigDict(alias_generator=wire_name, populate_by_name=True)
    _old_names: frozenset[str] = PrivateAttr(frozenset())

    @model_validator(mode="wrap")
    @classmethod
    def accept_old_names(cls, data: Any, handler: ModelWrapValidatorHandler[Self]) -> Self:
        """Read each snake_case name as its camelCase one before validating, so that errors name
        the camelCase field; and remember it was used, which the validated body cannot tell."""
        renames = cls.old_to_new_names()
        old = frozenset(data.keys() & renames.keys()) if isinstance(data, dict) else frozenset()
        body = handler(renamed(data, renames) if old else data)
        body._old_names = old
        return body

    @classmethod
    def old_to_new_names(cls) -> dict[str, str]:
        fields = cls.model_fields.items()
        return {name: field.alias for name, field in fields if field.alias and field.alias != name}

    def old_names(self) -> frozenset[str]:
        """The snake_case names this body and the bodies inside it were given."""
        values = [getattr(self, name) for name in type(self).model_fields]
        inside = [
            item for value in values for item in (value if isinstance(value, list) else [value])
        ]
        nested = [body.old_names() for body in inside if isinstance(body, AdminBody)]
        return self._old_names.union(*nested)


def renamed(data: dict[str, Any], renames: dict[str, str]) -> dict[str, Any]:
    """The body with its snake_case names in camelCase; given both, the camelCase one wins."""
    kept = {key: value for key, value in data.items() if key not in renames}
    return {**{renames[key]: value for key, value in data.items() if key in renames}, **kept}


def flag_old_names(body: AdminBody, response: Response) -> None:
    """Deprecation: true (RFC 9745, kept simple) tells a client to move to the camelCase names."""
    if body.old_names():
        response.headers["Deprecation"] = "true"
