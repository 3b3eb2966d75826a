"""WAV files made on the fly: recordings and sounds are served as audio of their stated size, in
chunks of one prebuilt block of tone, so a 4-hour recording never sits in memory whole."""

import struct
from collections.abc import Iterator

from mock_pbx.models.recording import (
    MAX_AUDIO_SIZE,
    MIN_AUDIO_SIZE,
    WAV_BYTES_PER_SECOND,
    WAV_HEADER_SIZE,
)

SAMPLE_RATE = 8000  # telephone quality: 8 kHz, 8-bit unsigned PCM, mono: one byte a sample
BYTES_PER_SECOND = WAV_BYTES_PER_SECOND
HEADER_SIZE = WAV_HEADER_SIZE
# One period of a quiet 400 Hz tone (20 samples at 8 kHz), so the file plays as a soft hum.
TONE = bytes(128 + round(24 * ((i < 10) * 2 - 1) * min(i % 10, 10 - i % 10) / 5) for i in range(20))
# About 64 KiB of whole periods, built once and sent again and again: every chunk starts where the
# tone does, so the chunks add up to one unbroken tone.
BLOCK = TONE * (64 * 1024 // len(TONE))


class AudioSizeError(ValueError):
    """A size no WAV file here has: smaller than its header or larger than a 4-hour recording."""


def size_for(seconds: float) -> int:
    """The file size a recording of this many seconds has."""
    return HEADER_SIZE + round(seconds * BYTES_PER_SECOND)


def wav_header(size: int) -> bytes:
    """The 44 bytes a WAV file of `size` bytes starts with; AudioSizeError for a size out of range."""
    if not MIN_AUDIO_SIZE <= size <= MAX_AUDIO_SIZE:
        raise AudioSizeError(
            f"a WAV file is {MIN_AUDIO_SIZE} to {MAX_AUDIO_SIZE} bytes (4 hours), not {size}"
        )
    frames = size - HEADER_SIZE
    header = b"RIFF" + struct.pack("<I", 36 + frames) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, SAMPLE_RATE, BYTES_PER_SECOND, 1, 8)
    return header + b"data" + struct.pack("<I", frames)


def wav_chunks(size: int) -> Iterator[bytes]:
    """A valid WAV file of exactly `size` bytes, in chunks: the header, then the tone, mostly the
    same prebuilt block again. The size is checked before the first chunk is asked for."""
    header = wav_header(size)
    whole, rest = divmod(size - HEADER_SIZE, len(BLOCK))
    return tone_after(header, whole, rest)


def tone_after(header: bytes, whole: int, rest: int) -> Iterator[bytes]:
    yield header
    for _ in range(whole):
        yield BLOCK
    if rest:
        yield BLOCK[:rest]


def wav_bytes(size: int) -> bytes:
    """A valid WAV file of exactly `size` bytes, whole: for small files and tests."""
    return b"".join(wav_chunks(size))
