"""Endpoints as a writable resource (their list and get come from the declaration,
resources/endpoints.py): creating, replacing and deleting them (writes), and their
sub-resources: do not disturb (phonestatus), forwarding rules (forwarding) and a queue's
callers, members and status (queues)."""
