-- Assets (sqlite): the physical server inventory (seed 003 §8).
-- Dates are ISO 'YYYY-MM-DD' text in both engines: they compare in date order
-- as text, and the same query binds them on either engine.
-- A node carries at most one asset (UNIQUE node_id); deleting the node
-- unlinks the asset instead of deleting it.
CREATE TABLE assets (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    hostname       TEXT NOT NULL,
    service_tag    TEXT NOT NULL UNIQUE,
    asset_number   TEXT NOT NULL DEFAULT '',
    model          TEXT NOT NULL DEFAULT '',
    serial_number  TEXT NOT NULL DEFAULT '',
    cpu_model      TEXT NOT NULL DEFAULT '',
    cpu_cores      INTEGER,
    cpu_threads    INTEGER,
    memory_gb      INTEGER,
    disks          TEXT NOT NULL DEFAULT '',
    nics           TEXT NOT NULL DEFAULT '',
    ip_address     TEXT NOT NULL DEFAULT '',
    mac_address    TEXT NOT NULL DEFAULT '',
    rack           TEXT NOT NULL DEFAULT '',
    u_position     TEXT NOT NULL DEFAULT '',
    power_state    TEXT,
    purchase_date  TEXT,
    warranty_end   TEXT,
    os             TEXT NOT NULL DEFAULT '',
    department     TEXT NOT NULL DEFAULT '',
    owner          TEXT NOT NULL DEFAULT '',
    status         TEXT NOT NULL,
    remark         TEXT NOT NULL DEFAULT '',
    node_id        INTEGER UNIQUE REFERENCES nodes(id) ON DELETE SET NULL,
    -- The BMC (iDRAC) read over Redfish. The password is sealed like node
    -- secrets (AES-256-GCM, versioned prefix) and never leaves the server.
    bmc_address    TEXT NOT NULL DEFAULT '',
    bmc_username   TEXT NOT NULL DEFAULT '',
    bmc_password   TEXT NOT NULL DEFAULT '',
    bmc_checked_at TEXT,
    bmc_health     TEXT NOT NULL DEFAULT '',
    bmc_error      TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);
CREATE INDEX assets_by_status ON assets (status);
CREATE INDEX assets_by_warranty ON assets (warranty_end);
