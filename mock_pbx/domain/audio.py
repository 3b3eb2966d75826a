"""WAV files made on the fly: recordings and sounds are served as audio of their stated size."""

import struct

SAMPLE_RATE = 8000  # telephone quality: 8 kHz, 8-bit unsigned PCM, mono: one byte a sample
BYTES_PER_SECOND = SAMPLE_RATE
HEADER_SIZE = 44
# One period of a quiet 400 Hz tone (20 samples at 8 kHz), so the file plays as a soft hum.
TONE = bytes(128 + round(24 * ((i < 10) * 2 - 1) * min(i % 10, 10 - i % 10) / 5) for i in range(20))


def size_for(seconds: float) -> int:
    """The file size a recording of this many seconds has."""
    return HEADER_SIZE + round(seconds * BYTES_PER_SECOND)


def wav_bytes(size: int) -> bytes:
    """A valid WAV file of exactly `size` bytes (at least the header)."""
    frames = max(0, size - HEADER_SIZE)
    header = b"RIFF" + struct.pack("<I", 36 + frames) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, SAMPLE_RATE, BYTES_PER_SECOND, 1, 8)
    header += b"data" + struct.pack("<I", frames)
    body = TONE * (frames // len(TONE) + 1)
    return header + body[:frames]
