-- Catalog: images, compute nodes, product specs (sqlite).
CREATE TABLE images (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT NOT NULL UNIQUE,
    address             TEXT NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    source              TEXT NOT NULL DEFAULT '',
    supports_vram_split BOOLEAN NOT NULL DEFAULT FALSE,
    listed              BOOLEAN NOT NULL DEFAULT TRUE,
    remark              TEXT NOT NULL DEFAULT '',
    -- JSON array of strings (an argv, never a shell string)
    keep_alive_command  TEXT NOT NULL DEFAULT '[]',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);

CREATE TABLE nodes (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    name               TEXT NOT NULL UNIQUE,
    region             TEXT NOT NULL DEFAULT '',
    cpu_desc           TEXT NOT NULL DEFAULT '',
    memory_desc        TEXT NOT NULL DEFAULT '',
    system_disk_desc   TEXT NOT NULL DEFAULT '',
    data_disk_desc     TEXT NOT NULL DEFAULT '',
    public_ip          TEXT NOT NULL,
    private_ip         TEXT NOT NULL,
    ssh_port           INTEGER NOT NULL,
    ssh_user           TEXT NOT NULL DEFAULT '',
    -- secrets and TLS material: encrypted (v1:<key id>:<base64>), '' when unset
    ssh_password_enc   TEXT NOT NULL DEFAULT '',
    gpu_name           TEXT NOT NULL DEFAULT '',
    gpu_count          INTEGER NOT NULL DEFAULT 0,
    vram_mib_per_card  INTEGER NOT NULL DEFAULT 0,
    hami_core_dir      TEXT NOT NULL,
    docker_address     TEXT NOT NULL,
    use_tls            BOOLEAN NOT NULL,
    ca_cert_enc        TEXT NOT NULL DEFAULT '',
    client_cert_enc    TEXT NOT NULL DEFAULT '',
    client_key_enc     TEXT NOT NULL DEFAULT '',
    -- NULL = take from Docker's report at the next successful test
    cpu_milli          INTEGER,
    memory_mib         INTEGER,
    system_disk_gb     INTEGER NOT NULL DEFAULT 0,
    data_disk_gb       INTEGER NOT NULL DEFAULT 0,
    listed             BOOLEAN NOT NULL DEFAULT TRUE,
    remark             TEXT NOT NULL DEFAULT '',
    docker_status      TEXT NOT NULL DEFAULT 'unknown',
    docker_error       TEXT NOT NULL DEFAULT '',
    docker_checked_at  TEXT,
    -- JSON of the last successful probe (versions, OS, NCPU, memory, runtimes)
    docker_facts       TEXT,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);

CREATE TABLE specs (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    name                TEXT NOT NULL UNIQUE,
    gpu_model           TEXT NOT NULL DEFAULT '',
    gpu_count           INTEGER NOT NULL DEFAULT 0,
    vram_mib            INTEGER NOT NULL DEFAULT 0,
    supports_vram_split BOOLEAN NOT NULL DEFAULT FALSE,
    cpu_milli           INTEGER NOT NULL,
    memory_mib          INTEGER NOT NULL,
    system_disk_gb      INTEGER NOT NULL DEFAULT 0,
    data_disk_gb        INTEGER NOT NULL DEFAULT 0,
    -- 1/10000 of a currency unit: exact
    price_per_hour      INTEGER NOT NULL DEFAULT 0,
    listed              BOOLEAN NOT NULL DEFAULT TRUE,
    remark              TEXT NOT NULL DEFAULT '',
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
