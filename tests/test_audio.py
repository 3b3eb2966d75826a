"""Recordings and sounds as WAV: streamed in chunks, the same bytes as the whole file, within the
4-hour cap, never ETag-buffered, and a long download neither grows the server's memory nor holds
up other requests."""

import io
import os
import struct
import subprocess
import sys
import threading
import time
import wave
from itertools import islice

import httpx
import pytest
from pydantic import ValidationError

from mock_pbx import create_app
from mock_pbx.domain.audio import BLOCK, TONE, AudioSizeError, size_for, wav_bytes, wav_chunks
from mock_pbx.models.recording import MAX_AUDIO_SIZE, RecordingPublic
from mock_pbx.models.sound import SoundPublic
from mock_pbx.runtime.clock import ManualClock
from mock_pbx.settings import Settings
from mock_pbx.testing import LiveServer, free_port

from .conftest import START
from .support import wait_until

ADMIN = "http://testserver/_admin"
FOUR_HOURS = 14_400
RECORDED = "07557000000"  # routed to endpoint 1234, which records every call
SOUND = "/customers/me/sounds/1035"  # 129,612 bytes: two blocks and a part


def reference_wav(size: int) -> bytes:
    """The file as the format describes it, built independently of mock_pbx.domain.audio."""
    frames = size - 44
    header = b"RIFF" + struct.pack("<I", 36 + frames) + b"WAVE"
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, 8000, 8000, 1, 8)
    return header + b"data" + struct.pack("<I", frames) + bytes(TONE[i % 20] for i in range(frames))


def advance(client, seconds):
    client.post(f"{ADMIN}/clock", json={"advance": seconds})


@pytest.mark.parametrize("size", [44, 45, 9615, 44 + len(BLOCK), 45 + len(BLOCK), 129_612])
def test_the_chunks_add_up_to_the_whole_file_byte_for_byte(size):
    assert b"".join(wav_chunks(size)) == wav_bytes(size) == reference_wav(size)


def test_a_streamed_sound_is_the_whole_file_with_a_header_that_says_its_length(client):
    size = client.get(SOUND).json()["size"]
    audio = client.get(SOUND + ".wav")
    assert audio.headers["content-type"] == "audio/wav"
    assert int(audio.headers["content-length"]) == len(audio.content) == size
    assert audio.content == wav_bytes(size)
    assert struct.unpack("<I", audio.content[4:8]) == (size - 8,)
    with wave.open(io.BytesIO(audio.content)) as wav:
        assert wav.getnframes() == size - 44


def test_head_answers_the_headers_of_the_wav_without_the_body(client):
    size = client.get(SOUND).json()["size"]
    head = client.head(SOUND, headers={"Accept": "audio/wav"})
    assert (head.status_code, head.content) == (200, b"")
    assert head.headers["content-type"] == "audio/wav"
    assert head.headers["content-length"] == str(size)


def test_wav_answers_carry_no_etag_and_json_answers_still_do(client):
    assert "etag" not in client.get(SOUND + ".wav").headers
    etag = client.get(SOUND).headers["etag"]
    assert client.get(SOUND, headers={"If-None-Match": etag}).status_code == 304


def test_a_long_file_is_the_same_prebuilt_block_again_and_again():
    chunks = wav_chunks(MAX_AUDIO_SIZE)
    assert len(next(chunks)) == 44
    assert all(chunk is BLOCK for chunk in islice(chunks, 100))
    assert 60_000 < len(BLOCK) <= 64 * 1024 and len(BLOCK) % len(TONE) == 0


def test_a_4_hour_recording_is_the_largest_file():
    assert size_for(FOUR_HOURS) == MAX_AUDIO_SIZE == 115_200_044
    assert sum(map(len, wav_chunks(MAX_AUDIO_SIZE))) == MAX_AUDIO_SIZE


@pytest.mark.parametrize("size", [0, 43, MAX_AUDIO_SIZE + 1, 5_000_000_000])
def test_a_size_out_of_range_is_a_clear_error_before_any_chunk(size):
    with pytest.raises(AudioSizeError, match="4 hours"):
        wav_chunks(size)
    with pytest.raises(AudioSizeError):
        wav_bytes(size)


@pytest.mark.parametrize("size", [43, MAX_AUDIO_SIZE + 1, 5e9])
@pytest.mark.parametrize("path", ["/customers/me/recordings/1358371", SOUND])
def test_recordings_and_sounds_refuse_a_size_out_of_range(client, path, size):
    model = RecordingPublic if "recordings" in path else SoundPublic
    record = client.get(path).json()
    model.model_validate(record)
    with pytest.raises(ValidationError, match="size"):
        model.model_validate({**record, "size": size})


def test_an_inbound_call_lasts_at_most_4_hours(client):
    call = {"to": RECORDED, "from": "07700900999"}
    longer = client.post(f"{ADMIN}/calls/inbound", json={**call, "duration": FOUR_HOURS + 1})
    assert longer.status_code == 400
    assert client.post(f"{ADMIN}/calls/inbound", json={**call, "duration": FOUR_HOURS}).is_success


def test_a_4_hour_call_leaves_the_largest_recording(client):
    call = {"to": RECORDED, "from": "07700900999", "duration": FOUR_HOURS}
    client.post(f"{ADMIN}/calls/inbound", json=call)
    advance(client, 10 + FOUR_HOURS)
    recording = client.get("/customers/me/recordings", params={"pageSize": 1}).json()["items"][0]
    assert recording["size"] == MAX_AUDIO_SIZE
    head = client.head(recording["uri"] + ".wav")
    assert head.headers["content-length"] == str(MAX_AUDIO_SIZE)


def four_hour_recording(base: str) -> str:
    """A 4-hour inbound call to a recorded endpoint, answered and ended; its recording's URI."""
    with httpx.Client(base_url=base, auth=("demo", "demo"), timeout=30) as c:
        call = {"to": RECORDED, "from": "07700900999", "duration": FOUR_HOURS}
        assert c.post("/_admin/calls/inbound", json=call).status_code == 201
        c.post("/_admin/clock", json={"advance": 10 + FOUR_HOURS})
        recording = c.get("/api/v1/customers/me/recordings", params={"pageSize": 1}).json()
        uri: str = recording["items"][0]["uri"]
        assert recording["items"][0]["size"] == MAX_AUDIO_SIZE
        return uri


def test_a_paused_download_does_not_hold_the_database(seeded):
    # The get route's session ends before the answer is sent: a client that stops reading (the
    # socket's buffers full, the server's send waiting) must not keep other requests waiting.
    app = create_app(Settings(), clock=ManualClock(START), template=seeded.state.runtime.db)
    with LiveServer(app) as server:
        uri = four_hour_recording(server.url)
        with (
            httpx.Client(auth=("demo", "demo"), timeout=3) as c,
            c.stream("GET", uri + ".wav") as download,
        ):
            chunks = download.iter_raw()  # kept: a dropped iterator closes the connection
            next(chunks)
            started = time.monotonic()
            assert c.get(f"{server.url}/api/v1/customers/me/sms/253368").status_code == 200
            assert time.monotonic() - started < 0.5


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS:"))


def serve(tmp_path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    args = [sys.executable, "-m", "mock_pbx", "--port", str(port), "--db", str(tmp_path / "a.db")]
    env = {**os.environ, "MOCK_PBX_SCALE": "0.2", "MOCK_PBX_LOG_LEVEL": "warning"}
    server = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_until(lambda: ready(base, server), timeout=60)
    return server, base


def ready(base: str, server: subprocess.Popen[bytes]) -> bool:
    try:
        return httpx.get(f"{base}/healthz").status_code == 200
    except httpx.TransportError:
        assert server.poll() is None, "mock-pbx exited"
        return False


class Download(threading.Thread):
    """Reads a URL to the end as fast as it comes, sampling the server's RSS as it goes."""

    def __init__(self, url: str, pid: int) -> None:
        super().__init__()
        self.url, self.pid, self.size, self.peak_kb = url, pid, 0, rss_kb(pid)

    def run(self) -> None:
        with httpx.stream("GET", self.url, auth=("demo", "demo"), timeout=30) as response:
            for chunk in response.iter_raw(1 << 20):
                self.size += len(chunk)
                self.peak_kb = max(self.peak_kb, rss_kb(self.pid))


def test_a_4_hour_download_keeps_the_servers_memory_flat_and_healthz_quick(tmp_path):
    server, base = serve(tmp_path)
    try:
        uri = four_hour_recording(base)
        before = rss_kb(server.pid)
        download, latencies = Download(uri + ".wav", server.pid), []
        download.start()
        with httpx.Client(base_url=base, timeout=10) as probe:
            while download.is_alive() or not latencies:
                started = time.monotonic()
                assert probe.get("/healthz").status_code == 200
                latencies.append(time.monotonic() - started)
        download.join()
    finally:
        server.terminate()
        server.wait(timeout=20)
    growth_mb = (download.peak_kb - before) / 1024
    print(f"4-hour WAV: RSS +{growth_mb:.1f} MB, /healthz at most {max(latencies):.3f} s")
    assert download.size == MAX_AUDIO_SIZE
    assert growth_mb < 30 and max(latencies) < 0.5
