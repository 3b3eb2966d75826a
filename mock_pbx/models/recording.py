"""Recordings of recorded calls, matched to their calls by callId and linkedId; and the bounds of
the WAV file a recording or sound is served as (mock_pbx.domain.audio builds it)."""

from typing import Literal

from pydantic import BaseModel
from sqlmodel import Field

from mock_pbx.models.base import (
    CALL_DIRECTION_HELP,
    CALL_ID_HELP,
    LINKED_ID_HELP,
    CustomerOwned,
    OwnedPublic,
    list_index,
)
from mock_pbx.wire.models import ApiDateTime

WAV_HEADER_SIZE = 44
WAV_BYTES_PER_SECOND = 8000  # 8 kHz, 8-bit mono: one byte a sample
LONGEST_CALL_SECONDS = 14_400  # four hours: the longest call, and so recording, mock-pbx makes
# A recording's or sound's size: from an empty WAV file (the header) to a 4-hour one.
MIN_AUDIO_SIZE = WAV_HEADER_SIZE
MAX_AUDIO_SIZE = WAV_HEADER_SIZE + LONGEST_CALL_SECONDS * WAV_BYTES_PER_SECOND  # 115,200,044


class RecordingFields(BaseModel):
    direction: str = Field(description=CALL_DIRECTION_HELP)
    party_id: str = Field(description="The recorded party's username or number, e.g. 106")
    started: ApiDateTime = Field(description="When the recorded call started (UTC)")
    size: int = Field(
        ge=MIN_AUDIO_SIZE, le=MAX_AUDIO_SIZE, description="The size of its WAV file, in bytes"
    )
    call_id: str = Field(index=True, description=CALL_ID_HELP)
    linked_id: str = Field(index=True, description=LINKED_ID_HELP)


class Recording(RecordingFields, CustomerOwned, table=True):
    __table_args__ = (list_index("recording"), {"sqlite_autoincrement": True})
    # No foreign key: a recording outlives its endpoint (its `endpoint` URI then answers 404).
    endpoint_id: int
    call_type: str = "external"  # of the recorded call: decides includeLocal, not sent


class RecordingPublic(RecordingFields, OwnedPublic):
    type: Literal["recording"] = Field("recording", description="recording")
    endpoint: str = Field(
        description="The URL of the endpoint recorded (of a call between endpoints: the caller)"
    )
