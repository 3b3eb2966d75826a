"""The recording proxy (`--proxy-to`): /api/v1 requests forwarded to a real API with the
caller's own credentials, answered with its answer, journalled, and with `--record` written as
a fixture set (issue 18)."""
