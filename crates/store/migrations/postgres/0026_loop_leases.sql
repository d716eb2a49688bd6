-- Leases on periodic work (postgres): several servers on one database run a
-- loop such as the node checks on one of them at a time. The holder renews
-- its lease every round; once `expires_at` has passed another server takes
-- it. `holder` is the server process's mark (pid and start time).
CREATE TABLE loop_leases (
    name        TEXT PRIMARY KEY,
    holder      TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL
);
