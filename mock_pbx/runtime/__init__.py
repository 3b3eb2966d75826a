"""Time and concurrency: the clock, the database and its locks, lifecycle steps, background threads,
and the control state a running app keeps in memory (journal, faults, rate limit, snapshots).

The model, in short (docs/architecture.md has the long version):

- **Time** comes from one Clock per app (clock.py): the real clock, optionally shifted forward, or
  a manual one that moves only when told. Nothing else reads the system time (a lint rule holds it).
- **Due steps** are rows (models.schedule.Step) with a due time. They run, earliest first, each
  taking its own due time as "now": before every request that opens a database session
  (Runtime.catch_up: the data a request reads is always in the state the clock says), when the
  clock is moved (Runtime.advance), and, with the real clock, every 0.2 s in the ticker thread. The
  earliest due time is cached (Runtime.next_due) so most requests skip the step query; a shared
  database (a file or PostgreSQL) asks every time, since other processes add steps.
- **Locks.** A process has one database session at a time (Database.lock, a thread lock): SQLite
  has one writer, and the step cache, the clock and the after-commit hooks assume turns. Routes are
  `async` and take the lock on the event loop (Database.turn): first an asyncio lock per loop, so a
  waiting request never blocks the loop, then the thread lock: at once when it is free (nearly
  always), else awaited in a thread while the loop serves what needs no database (a reseed holds
  it for seconds; the ticker and the webhook worker's records for milliseconds). This departs from
  FastAPI's usual sync handlers on purpose: measured, the three thread hand-offs of a sync handler
  and a sync session dependency cost more than the queries of a request.
- **Background threads.** The ticker (runtime.worker.Ticker) runs due steps with the real clock; a
  tick that fails is logged and the next one runs. The webhook worker (runtime.worker.Worker) is
  one thread with an asyncio loop, 8 attempts in flight, each under one deadline; it reads and
  writes the database through threads, never on its loop.
- **Several processes** (workers, or servers on one database) each keep their own clock object and
  share the clock through one row (models.schedule.ClockState): every session first takes it up
  (Runtime.sync), every clock move writes it (Runtime.save_clock). SQLite transactions begin
  IMMEDIATE and PostgreSQL picks steps with SKIP LOCKED, so two processes never run one step.
- **After commit** (database.after_commit): events and webhook jobs go out only once the change
  they announce is committed; a rolled-back change announces nothing.
"""
