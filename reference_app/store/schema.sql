-- Interact Multiagent reference app: the whole schema. Idempotent (IF NOT EXISTS), so an
-- existing database keeps its chats; `flask --app reference_app init-db` starts afresh.
-- Times are epoch milliseconds. PRAGMA user_version is the schema version (store.db).

PRAGMA user_version = 3;

-- Agents and administrators. password_hash is NULL for an agent an administrator created
-- "pending password": the first login chooses it (guide, section 1: log in beforehand).
-- session is set while the agent is signed in; logout clears it and ends every cookie.
CREATE TABLE IF NOT EXISTS agents (
    id            INTEGER PRIMARY KEY,
    login         TEXT    NOT NULL UNIQUE,
    password_hash TEXT,
    password_set  INTEGER NOT NULL DEFAULT 0,
    display_name  TEXT    NOT NULL,
    role          TEXT    NOT NULL DEFAULT 'agent' CHECK (role IN ('agent', 'admin')),
    status        TEXT    NOT NULL DEFAULT 'offline'
                  CHECK (status IN ('operating', 'paused', 'offline')),
    auto_answer   TEXT    NOT NULL DEFAULT 'automatic'
                  CHECK (auto_answer IN ('automatic', 'manual')),
    positions     INTEGER NOT NULL DEFAULT 8 CHECK (positions BETWEEN 1 AND 50),
    session       TEXT,
    updated_at    INTEGER NOT NULL
);

-- Services (guide section 1: a receptive service without call classification and without
-- post-service). social_entry marks the service Messenger and Instagram chats enter.
CREATE TABLE IF NOT EXISTS services (
    id             INTEGER PRIMARY KEY,
    name           TEXT    NOT NULL UNIQUE,
    kind           TEXT    NOT NULL DEFAULT 'receptive' CHECK (kind IN ('receptive', 'active')),
    classification INTEGER NOT NULL DEFAULT 0,
    post_service   INTEGER NOT NULL DEFAULT 0,
    social_entry   INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE IF NOT EXISTS service_agents (
    service_id INTEGER NOT NULL REFERENCES services (id) ON DELETE CASCADE,
    agent_id   INTEGER NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    PRIMARY KEY (service_id, agent_id)
);

-- A customer on one channel of one account (Page id or Instagram account id).
CREATE TABLE IF NOT EXISTS contacts (
    id                  INTEGER PRIMARY KEY,
    channel             TEXT    NOT NULL CHECK (channel IN ('messenger', 'instagram')),
    account_id          TEXT    NOT NULL,
    psid                TEXT    NOT NULL,
    name                TEXT,
    profile_pic         TEXT,
    profile_checked     INTEGER NOT NULL DEFAULT 0,
    delivered_watermark INTEGER NOT NULL DEFAULT 0,
    read_watermark      INTEGER NOT NULL DEFAULT 0,
    UNIQUE (channel, account_id, psid)
);

-- queued: waits for a position; offered: on a MANUAL agent's desk until Accept; open: being
-- answered; wrapup: closed for the customer, post-service still holds the position.
CREATE TABLE IF NOT EXISTS chats (
    id             INTEGER PRIMARY KEY,
    contact_id     INTEGER NOT NULL REFERENCES contacts (id),
    service_id     INTEGER REFERENCES services (id),
    agent_id       INTEGER REFERENCES agents (id),
    state          TEXT    NOT NULL DEFAULT 'queued'
                   CHECK (state IN ('queued', 'offered', 'open', 'wrapup', 'closed')),
    classification TEXT,
    created_at     INTEGER NOT NULL,
    assigned_at    INTEGER,
    closed_at      INTEGER,
    updated_at     INTEGER NOT NULL
);

-- At most one live chat per contact: a new message joins it.
CREATE UNIQUE INDEX IF NOT EXISTS chats_live_contact
    ON chats (contact_id) WHERE state IN ('queued', 'offered', 'open');
CREATE INDEX IF NOT EXISTS chats_by_agent ON chats (agent_id, state);
CREATE INDEX IF NOT EXISTS chats_by_state ON chats (state, id);

-- status: 'received' for the customer's messages; 'sent' / 'delivered' / 'read' for replies.
CREATE TABLE IF NOT EXISTS messages (
    id         INTEGER PRIMARY KEY,
    mid        TEXT    NOT NULL UNIQUE,
    chat_id    INTEGER NOT NULL REFERENCES chats (id),
    direction  TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
    text       TEXT    NOT NULL,
    timestamp  INTEGER NOT NULL,  -- Meta's event timestamp (in, echo) or the send time (out)
    agent_id   INTEGER REFERENCES agents (id),
    status     TEXT    NOT NULL DEFAULT 'received'
               CHECK (status IN ('received', 'sent', 'delivered', 'read')),
    echoed     INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS messages_by_chat ON messages (chat_id, timestamp);

-- A receipt naming a reply whose Send API answer is not committed yet.
CREATE TABLE IF NOT EXISTS pending_receipts (
    mid    TEXT PRIMARY KEY,
    status TEXT NOT NULL CHECK (status IN ('delivered', 'read'))
);

-- Raw journal of verified webhook deliveries, for support and replays.
CREATE TABLE IF NOT EXISTS webhook_events (
    id           INTEGER PRIMARY KEY,
    received_at  INTEGER NOT NULL,
    object       TEXT    NOT NULL,
    body         TEXT    NOT NULL,
    new_messages INTEGER NOT NULL
);

-- Facebook Login (admin > Connect a Facebook Page): the Pages the last login made available,
-- with their Page tokens and what the admin granted; `connected` marks the one the desk uses
-- (its token replaces PAGE_TOKEN).
CREATE TABLE IF NOT EXISTS facebook_pages (
    page_id      TEXT    PRIMARY KEY,
    name         TEXT    NOT NULL,
    access_token TEXT    NOT NULL,
    instagram_id TEXT,                         -- the linked Instagram account (/me/accounts)
    granted      TEXT    NOT NULL DEFAULT '',
    declined     TEXT    NOT NULL DEFAULT '',
    connected    INTEGER NOT NULL DEFAULT 0,
    updated_at   INTEGER NOT NULL
);
