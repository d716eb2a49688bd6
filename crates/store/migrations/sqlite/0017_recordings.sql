-- Jump host session recordings (sqlite): one asciicast v2 file per terminal
-- session in an instance, under the data dir; this row says whose it is.
-- Names are copied so the list still reads after a user or instance is gone.
CREATE TABLE jumpbox_recordings (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER,
    username       TEXT NOT NULL,
    instance_id    INTEGER,
    instance_name  TEXT NOT NULL,
    source_ip      TEXT NOT NULL,
    file           TEXT NOT NULL UNIQUE,
    cols           INTEGER NOT NULL,
    rows           INTEGER NOT NULL,
    term           TEXT NOT NULL,
    started_at     TEXT NOT NULL,
    ended_at       TEXT,
    -- terminal output recorded, and the file's size on disk
    bytes          INTEGER NOT NULL DEFAULT 0,
    file_bytes     INTEGER NOT NULL DEFAULT 0,
    -- events were dropped because the disk could not keep up
    truncated      BOOLEAN NOT NULL DEFAULT FALSE
);
CREATE INDEX jumpbox_recordings_started ON jumpbox_recordings (started_at);
CREATE INDEX jumpbox_recordings_user ON jumpbox_recordings (user_id);
