"""Behaviour on (session, runtime): sending and receiving SMS, calls from first ring to call
record, credit, and webhooks. No FastAPI and no Request here: the API, the control API and the
seeder all call the same functions."""
