/**
 * The initial schema. Every tenant table starts its primary key with `installation_id`, so every
 * lookup is scoped by the index itself, and cascades from `installations` so an uninstall is one
 * DELETE. Instants are `timestamptz`; the full domain object sits in `data` beside the columns
 * that queries filter or group on.
 */
export const sql = /* sql */ `
CREATE TABLE installations (
  id uuid PRIMARY KEY,
  helpdesk text NOT NULL CHECK (helpdesk IN ('zendesk', 'freshdesk')),
  domain text NOT NULL,
  credentials_ciphertext bytea NOT NULL,
  credentials_iv bytea NOT NULL,
  credentials_tag bytea NOT NULL,
  app_secret_hash text NOT NULL UNIQUE,
  settings jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE tickets (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  id text NOT NULL,
  status text NOT NULL,
  requester_id text NOT NULL,
  organization_id text,
  assignee_id text,
  group_id text,
  brand_id text,
  channel text NOT NULL,
  priority text,
  tags text[] NOT NULL DEFAULT '{}',
  custom_fields jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  stored_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (installation_id, id)
);
CREATE INDEX tickets_requester ON tickets (installation_id, requester_id, created_at DESC);
CREATE INDEX tickets_organization ON tickets (installation_id, organization_id, created_at DESC);

-- No foreign key to tickets: events and tickets arrive on separate streams, in either order.
CREATE TABLE ticket_events (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  id text NOT NULL,
  ticket_id text NOT NULL,
  at timestamptz NOT NULL,
  type text NOT NULL CHECK (type IN ('status_change', 'comment', 'assignee_change',
    'group_change', 'field_change', 'satisfaction', 'survey_answer', 'handle_time',
    'schedule_change', 'merge', 'delete')),
  data jsonb NOT NULL,
  -- Breaks ties between events at the same instant by arrival, which is source order.
  seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (installation_id, id)
);
CREATE INDEX ticket_events_timeline ON ticket_events (installation_id, ticket_id, at, seq);

CREATE TABLE users (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('agent', 'end_user', 'system')),
  organization_id text,
  updated_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (installation_id, id)
);

CREATE TABLE organizations (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  id text NOT NULL,
  updated_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (installation_id, id)
);

CREATE TABLE schedules (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  id text NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (installation_id, id)
);

CREATE TABLE helpdesk_ticket_metrics (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  ticket_id text NOT NULL,
  updated_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (installation_id, ticket_id)
);

CREATE TABLE ticket_metrics (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  ticket_id text NOT NULL,
  computed_at timestamptz NOT NULL,
  engine_version integer NOT NULL,
  status text NOT NULL,
  created_at timestamptz NOT NULL,
  first_solved_at timestamptz,
  last_solved_at timestamptz,
  first_reply_seconds double precision,
  first_reply_seconds_business double precision,
  full_resolution_seconds double precision,
  full_resolution_seconds_business double precision,
  reopens integer NOT NULL,
  agent_replies integer NOT NULL,
  touch text,
  handle_time_seconds double precision,
  csat text,
  ces double precision,
  effort_score double precision,
  requester_id text,
  organization_id text,
  group_id text,
  assignee_id text,
  channel text,
  brand_id text,
  tags text[] NOT NULL DEFAULT '{}',
  data jsonb NOT NULL,
  PRIMARY KEY (installation_id, ticket_id)
);
CREATE INDEX ticket_metrics_created ON ticket_metrics (installation_id, created_at);
CREATE INDEX ticket_metrics_solved ON ticket_metrics (installation_id, last_solved_at);

CREATE TABLE requester_summaries (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  requester_id text NOT NULL,
  data jsonb NOT NULL,
  content_hash text NOT NULL,
  pushed_hash text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (installation_id, requester_id)
);

CREATE TABLE organization_summaries (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  organization_id text NOT NULL,
  data jsonb NOT NULL,
  content_hash text NOT NULL,
  pushed_hash text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (installation_id, organization_id)
);

-- sketch: {"calendar": number[], "business": number[]}, each sorted ascending and at most
-- 128 points: every value while n is small, else evenly spaced order statistics (see store.ts).
CREATE TABLE kpi_daily_rollups (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  day date NOT NULL,
  dimension text NOT NULL
    CHECK (dimension IN ('all', 'group', 'agent', 'channel', 'brand', 'tag')),
  dimension_value text NOT NULL,
  metric text NOT NULL,
  n integer NOT NULL,
  n_business integer NOT NULL,
  sum double precision NOT NULL,
  sum_business double precision NOT NULL,
  sketch jsonb NOT NULL,
  PRIMARY KEY (installation_id, day, dimension, dimension_value, metric)
);

CREATE TABLE sync_checkpoints (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  stream text NOT NULL,
  checkpoint text,
  updated_at timestamptz NOT NULL DEFAULT now(),
  page_count integer NOT NULL DEFAULT 0,
  last_error text,
  last_error_at timestamptz,
  PRIMARY KEY (installation_id, stream)
);

-- record_key is the source id, or a hash of the raw record when no id could be read, so a
-- record that fails again on the next run bumps attempts instead of piling up duplicates.
CREATE TABLE quarantine (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  stream text NOT NULL,
  record_key text NOT NULL,
  source_id text,
  reason text NOT NULL,
  raw jsonb,
  first_seen timestamptz NOT NULL DEFAULT now(),
  last_seen timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 1,
  resolved_at timestamptz,
  PRIMARY KEY (installation_id, stream, record_key)
);

CREATE TABLE handle_time_entries (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  id text NOT NULL,
  ticket_id text NOT NULL,
  agent_id text,
  seconds double precision NOT NULL,
  source text NOT NULL,
  logged_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (installation_id, id)
);
CREATE INDEX handle_time_entries_ticket ON handle_time_entries (installation_id, ticket_id);

CREATE TABLE survey_answers (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  id text NOT NULL,
  ticket_id text NOT NULL,
  requester_id text,
  kind text NOT NULL,
  value integer NOT NULL,
  responded_at timestamptz NOT NULL,
  data jsonb NOT NULL,
  PRIMARY KEY (installation_id, id)
);
CREATE INDEX survey_answers_ticket ON survey_answers (installation_id, ticket_id);

CREATE TABLE webhook_deliveries (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  delivery_id text NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (installation_id, delivery_id)
);
`;
