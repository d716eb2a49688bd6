-- The server process that runs a task run (its mark, as in servers and
-- loop_leases). A run left RUNNING is an orphan only once that server is
-- gone: on several servers, a manual run on another one is not. NULL on runs
-- recorded before: those are taken for orphans as before.
ALTER TABLE task_runs ADD COLUMN holder TEXT;
