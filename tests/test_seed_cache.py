"""Seeded databases kept on disk (mock_pbx.seeding.cache): a kept copy serves exactly what seeding
again would, and a missing, broken or unwritable cache only costs a fresh seed."""

from datetime import timedelta

from mock_pbx.settings import Settings

from .conftest import START
from .test_seed import fresh, snapshot


def kept(directory):
    return sorted(p.name for p in directory.glob("seed-*.sqlite"))


def test_a_kept_seed_serves_the_same_bytes_as_seeding(tmp_path):
    seeded = snapshot(fresh(Settings(seed=3, scale=0.2, seed_cache="off")))
    first = snapshot(fresh(Settings(seed=3, scale=0.2, seed_cache=str(tmp_path))))
    assert len(kept(tmp_path)) == 1
    second = snapshot(fresh(Settings(seed=3, scale=0.2, seed_cache=str(tmp_path))))
    assert seeded == first == second


def test_the_copy_is_what_a_start_reads(tmp_path):
    # Proof the second start reads the file: an edit to the kept copy shows in the API.
    import sqlite3

    fresh(Settings(seed=3, scale=0.2, seed_cache=str(tmp_path)))
    (path,) = tmp_path.glob("seed-*.sqlite")
    with sqlite3.connect(path) as db:
        db.execute("UPDATE customer SET company = 'From the cache' WHERE id = 25")
    client = fresh(Settings(seed=3, scale=0.2, seed_cache=str(tmp_path)))
    assert client.get("/customers/25").json()["company"] == "From the cache"


def test_seed_scale_day_and_customers_each_get_their_own_copy(tmp_path):
    cache = str(tmp_path)
    fresh(Settings(seed=3, scale=0.2, seed_cache=cache))
    fresh(Settings(seed=4, scale=0.2, seed_cache=cache))
    fresh(Settings(seed=3, scale=0.3, seed_cache=cache))
    fresh(Settings(seed=3, scale=0.2, seed_cache=cache), START + timedelta(days=1))
    fresh(Settings(seed=3, scale=0.2, seed_cache=cache), START + timedelta(hours=1))  # same day
    assert len(kept(tmp_path)) == 4


def test_a_broken_copy_is_replaced_by_seeding(tmp_path):
    expected = snapshot(fresh(Settings(seed=3, scale=0.2, seed_cache=str(tmp_path))))
    (path,) = tmp_path.glob("seed-*.sqlite")
    path.write_bytes(b"not a database" * 100)
    assert snapshot(fresh(Settings(seed=3, scale=0.2, seed_cache=str(tmp_path)))) == expected
    assert path.read_bytes()[:16] == b"SQLite format 3\x00"  # written again


def test_an_unwritable_cache_only_means_seeding(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory would be")
    client = fresh(Settings(seed=3, scale=0.2, seed_cache=str(blocker / "cache")))
    assert client.get("/customers/25/sms").status_code == 200


def test_off_keeps_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    fresh(Settings(seed=3, scale=0.2, seed_cache="off"))
    fresh(Settings(seed=3, scale=0.2, seed_cache=""))  # the default: $XDG_CACHE_HOME/mock-pbx
    assert list(tmp_path.iterdir()) == [tmp_path / "mock-pbx"]
    assert len(kept(tmp_path / "mock-pbx")) == 1


def test_a_reseed_through_the_control_api_uses_the_cache_too(tmp_path):
    client = fresh(Settings(seed=3, scale=0.2, seed_cache=str(tmp_path)))
    assert client.post("http://t/_admin/seed", json={"seed": 5}).status_code == 200
    assert len(kept(tmp_path)) == 2
