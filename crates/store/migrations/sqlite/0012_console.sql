-- How an instance's container last ended, for the console (issue 21): the
-- main process's exit code (NULL while it runs or when unknown) and why it is
-- not running ('' running, 'stopped', 'exited', 'oom_killed',
-- 'shell_without_tty').
ALTER TABLE instances ADD COLUMN exit_code BIGINT;
ALTER TABLE instances ADD COLUMN exit_reason TEXT NOT NULL DEFAULT '';
