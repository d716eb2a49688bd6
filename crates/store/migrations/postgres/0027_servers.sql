-- The servers sharing this database (postgres), and the instance operations in
-- flight on each. A server beats every few seconds; one whose beat is old is
-- gone, and its operations in flight are over (reconciliation may finish
-- them). `holder` is the server process's mark, as in loop_leases.
CREATE TABLE servers (
    holder      TEXT PRIMARY KEY,
    started_at  TIMESTAMPTZ NOT NULL,
    beat_at     TIMESTAMPTZ NOT NULL
);

-- One row per operation (a create, start, stop, delete) while it runs: the
-- server that runs it owns the instance for that time.
CREATE TABLE instance_flights (
    op_id        TEXT PRIMARY KEY,
    instance_id  BIGINT NOT NULL,
    holder       TEXT NOT NULL,
    since        TIMESTAMPTZ NOT NULL
);
CREATE INDEX instance_flights_holder ON instance_flights (holder);
