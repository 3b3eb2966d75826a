"""Initial and arranged state: the spec's example records (fixtures), deterministic Faker data
around them, the kept copies of seeded databases, scenarios, and the operations on the whole
state (reset, reseed, snapshots) shared by /_admin and the in-process pytest plugin."""
