-- Interact Multiagent reference app: the whole schema. Idempotent (IF NOT EXISTS), so an
-- existing database keeps its chats; `flask --app reference_app init-db` starts afresh.
-- Times are epoch milliseconds.

CREATE TABLE IF NOT EXISTS agents (
    id            INTEGER PRIMARY KEY,
    login         TEXT    NOT NULL UNIQUE,
    password_hash TEXT    NOT NULL,
    display_name  TEXT    NOT NULL,
    status        TEXT    NOT NULL DEFAULT 'offline'
                  CHECK (status IN ('operating', 'paused', 'offline')),
    password_set  INTEGER NOT NULL DEFAULT 0,
    updated_at    INTEGER NOT NULL
);

-- Receptive services (guide section 1). The skeleton routes everything to one service;
-- positions and auto-answer are read by routing.py.
CREATE TABLE IF NOT EXISTS services (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL UNIQUE,
    positions   INTEGER NOT NULL DEFAULT 8,
    auto_answer INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE IF NOT EXISTS chats (
    id               INTEGER PRIMARY KEY,
    channel          TEXT    NOT NULL DEFAULT 'messenger',
    page_id          TEXT    NOT NULL,
    psid             TEXT    NOT NULL,
    customer_name    TEXT,
    profile_pic      TEXT,
    profile_checked  INTEGER NOT NULL DEFAULT 0,
    state            TEXT    NOT NULL DEFAULT 'queued'
                     CHECK (state IN ('queued', 'open', 'closed')),
    agent_id         INTEGER REFERENCES agents (id),
    service_id       INTEGER REFERENCES services (id),
    created_at       INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL
);

-- At most one live (queued or open) chat per customer and Page.
CREATE UNIQUE INDEX IF NOT EXISTS chats_live_customer
    ON chats (channel, page_id, psid) WHERE state != 'closed';
CREATE INDEX IF NOT EXISTS chats_by_agent ON chats (agent_id, state);

CREATE TABLE IF NOT EXISTS messages (
    id         INTEGER PRIMARY KEY,
    mid        TEXT    NOT NULL UNIQUE,
    chat_id    INTEGER NOT NULL REFERENCES chats (id),
    direction  TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    text       TEXT    NOT NULL,
    timestamp  INTEGER NOT NULL,  -- the event's timestamp (in) or the send time (out)
    agent_id   INTEGER REFERENCES agents (id),
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_chat ON messages (chat_id, timestamp);

-- Raw journal of verified webhook deliveries, for support and replays.
CREATE TABLE IF NOT EXISTS webhook_events (
    id          INTEGER PRIMARY KEY,
    received_at INTEGER NOT NULL,
    object      TEXT    NOT NULL,
    body        TEXT    NOT NULL,
    new_messages INTEGER NOT NULL
);
