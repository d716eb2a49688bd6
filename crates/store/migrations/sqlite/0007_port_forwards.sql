-- Port forwarding rules (sqlite). The running forwarder follows these rows.
-- target_ip is '' when the rule targets an instance (target_instance_id);
-- no foreign key there: deleting an instance leaves the rule, which then
-- reports that its instance is gone.
CREATE TABLE port_forwards (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    source_ip           TEXT NOT NULL,
    source_port         INTEGER NOT NULL,
    protocol            TEXT NOT NULL,
    target_ip           TEXT NOT NULL DEFAULT '',
    target_port         INTEGER NOT NULL,
    target_instance_id  INTEGER,
    enabled             BOOLEAN NOT NULL,
    description         TEXT NOT NULL DEFAULT '',
    created_by          INTEGER REFERENCES users(id) ON DELETE SET NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL,
    -- Overlaps with wildcard addresses are refused by the service; the exact
    -- duplicate is refused here too, so two concurrent creates cannot both win.
    UNIQUE (source_ip, source_port, protocol)
);
CREATE INDEX port_forwards_by_port ON port_forwards (source_port, protocol);
