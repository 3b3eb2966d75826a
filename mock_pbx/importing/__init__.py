"""Bringing a live account into the emulator: the API's representations as fixture records
(records.py), the fixture set written to a directory, anonymising it, and `mock-pbx import`'s
reading of a live API v1 (issue 18)."""
