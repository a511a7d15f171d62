import { upsertTimelinePacksSql } from '../timeline-pack-sql.js';

/**
 * What-if replay speed (issue 17): one short row per ticket holding its clock events packed
 * (timeline-pack-sql.ts), so the replay reads ~1 row per ticket instead of every event's JSONB
 * sorted per ticket. The analysis rewrites a ticket's pack whenever it stores the ticket's metrics;
 * this backfills the tickets already stored. A ticket without a pack is read from ticket_events as
 * before, so a missing pack costs speed, never values.
 */
export const sql = /* sql */ `
CREATE TABLE ticket_timeline_packs (
  installation_id uuid NOT NULL,
  ticket_id text NOT NULL,
  ats bytea NOT NULL,
  codes bytea NOT NULL,
  schedules text NOT NULL,
  PRIMARY KEY (installation_id, ticket_id),
  FOREIGN KEY (installation_id, ticket_id) REFERENCES tickets (installation_id, id)
    ON DELETE CASCADE
);
${upsertTimelinePacksSql('true')};
`;
