"""Recordings of recorded calls, matched to their calls by callId and linkedId."""

from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field

from mock_pbx.models.base import CustomerOwned, OwnedPublic, list_index
from mock_pbx.wire.models import ApiDateTime


class RecordingFields(BaseModel):
    direction: str  # IN or OUT
    party_id: str
    started: ApiDateTime
    size: int
    call_id: str = Field(index=True)
    linked_id: str = Field(index=True)


class Recording(RecordingFields, CustomerOwned, table=True):
    __table_args__ = (list_index("recording"), {"sqlite_autoincrement": True})
    endpoint_id: int = Field(foreign_key="endpoint.id")
    call_type: str = "external"  # of the recorded call: decides includeLocal, not sent


class RecordingPublic(RecordingFields, OwnedPublic):
    type: Literal["recording"] = "recording"
    endpoint: str  # the recording endpoint's URI
