import { dropCoveringBlocksSql } from '../replay-block-sql.js';
import { upsertTimelinePacksSql } from '../timeline-pack-sql.js';

/**
 * What-if replay speed (issue 17): the replay reads blocks of ~1,000 analysed tickets, each one
 * row holding everything the columnar read returns for them in one binary payload
 * (replay-block-sql.ts), instead of three index lookups per ticket. A block covers the ids in
 * (lo, hi]; blocks do not overlap. Derived data that must never be stale: every insert, update or
 * delete of a ticket, its metrics or its timeline pack drops the block covering that ticket in the
 * same statement (statement-level triggers over the changed rows), and the replay rebuilds what
 * is missing. Nothing is backfilled here: the first replay builds the blocks it reads.
 *
 * The payload is stored uncompressed (EXTERNAL): the read sends it as it is, with no
 * decompression; the ids (`ids`, to position a read inside a block) likewise. `texts_at` is where
 * the payload's JSON starts: the read sends the numbers before it and the text after it apart.
 *
 * Also repacks the timelines with a change to no schedule: packs written before this release
 * left that change's id out, so every later schedule change of the batch landed one event early.
 */
export const sql = /* sql */ `
CREATE TABLE ticket_replay_blocks (
  installation_id uuid NOT NULL REFERENCES installations (id) ON DELETE CASCADE,
  lo text NOT NULL,
  hi text NOT NULL,
  n integer NOT NULL,
  min_created double precision,
  max_created double precision,
  ids text[] NOT NULL,
  payload bytea NOT NULL,
  texts_at integer NOT NULL,
  PRIMARY KEY (installation_id, hi)
);
ALTER TABLE ticket_replay_blocks ALTER COLUMN payload SET STORAGE EXTERNAL,
  ALTER COLUMN ids SET STORAGE EXTERNAL;

CREATE FUNCTION ticket_replay_blocks_drop_for_tickets() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$${dropCoveringBlocksSql('id')}$$;

CREATE FUNCTION ticket_replay_blocks_drop_for_rows() RETURNS trigger
LANGUAGE plpgsql SET search_path FROM CURRENT AS $$${dropCoveringBlocksSql('ticket_id')}$$;
${['tickets', 'ticket_metrics', 'ticket_timeline_packs']
  .flatMap((table) =>
    [
      ['insert', 'INSERT', 'NEW'],
      ['update', 'UPDATE', 'NEW'],
      ['delete', 'DELETE', 'OLD'],
    ].map(
      ([name, event, side]) => `
CREATE TRIGGER ${table}_replay_blocks_${String(name)} AFTER ${String(event)} ON ${table}
  REFERENCING ${String(side)} TABLE AS changed FOR EACH STATEMENT
  EXECUTE FUNCTION ticket_replay_blocks_drop_for_${table === 'tickets' ? 'tickets' : 'rows'}();`,
    ),
  )
  .join('')}
${upsertTimelinePacksSql(`t.id IN (SELECT e.ticket_id FROM ticket_events e
  WHERE e.installation_id = t.installation_id AND e.type = 'schedule_change'
    AND e.data->>'scheduleId' IS NULL)`)};
`;
