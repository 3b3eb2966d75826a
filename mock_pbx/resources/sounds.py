"""/customers/{c}/sounds: prompts and music on hold."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import Query
from sqlmodel import Field, SQLModel

from mock_pbx.envelope import ApiDateTime, ApiModel
from mock_pbx.filters import parse_choice
from mock_pbx.resources.base import Collection, collection_router, present_plain

SOUND_TYPES = ("prompt", "music")


class Sound(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    customer_id: int = Field(foreign_key="customer.id", index=True)
    created: datetime
    type: str  # prompt or music
    name: str
    size: int
    enabled: bool | None = None  # music only: whether it plays


class SoundPublic(ApiModel):
    type: str
    id: str
    uri: str
    parent: str
    created: ApiDateTime
    name: str
    size: int
    enabled: bool | None = None


def sound_filters(
    type: Annotated[str | None, Query(description="prompt or music")] = None,
) -> list[Any]:
    if type is None:
        return []
    return [Sound.type == parse_choice("type", type, SOUND_TYPES)]


SOUNDS = Collection(
    name="sounds",
    table=Sound,
    public=SoundPublic,
    present=present_plain("sounds", SoundPublic),
    order_by=(Sound.id,),
    filters=sound_filters,
)

router = collection_router(SOUNDS)
