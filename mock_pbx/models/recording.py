"""Recordings of recorded calls, matched to their calls by callId and linkedId; and the bounds of
the WAV file a recording or sound is served as (mock_pbx.domain.audio builds it)."""

from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field

from mock_pbx.models.base import CustomerOwned, OwnedPublic, list_index
from mock_pbx.wire.models import ApiDateTime

WAV_HEADER_SIZE = 44
WAV_BYTES_PER_SECOND = 8000  # 8 kHz, 8-bit mono: one byte a sample
LONGEST_CALL_SECONDS = 14_400  # four hours: the longest call, and so recording, mock-pbx makes
# A recording's or sound's size: from an empty WAV file (the header) to a 4-hour one.
MIN_AUDIO_SIZE = WAV_HEADER_SIZE
MAX_AUDIO_SIZE = WAV_HEADER_SIZE + LONGEST_CALL_SECONDS * WAV_BYTES_PER_SECOND  # 115,200,044


class RecordingFields(BaseModel):
    direction: str  # IN or OUT
    party_id: str
    started: ApiDateTime
    size: int = Field(ge=MIN_AUDIO_SIZE, le=MAX_AUDIO_SIZE)
    call_id: str = Field(index=True)
    linked_id: str = Field(index=True)


class Recording(RecordingFields, CustomerOwned, table=True):
    __table_args__ = (list_index("recording"), {"sqlite_autoincrement": True})
    endpoint_id: int = Field(foreign_key="endpoint.id")
    call_type: str = "external"  # of the recorded call: decides includeLocal, not sent


class RecordingPublic(RecordingFields, OwnedPublic):
    type: Literal["recording"] = "recording"
    endpoint: str  # the recording endpoint's URI
