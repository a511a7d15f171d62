import { z } from 'zod';
import type { HelpdeskUser, Organization, TicketEvent } from '../../domain/index.js';
import type { Page, QuarantinedRecord, StreamOptions } from '../connector.js';
import type { ZendeskClient } from './client.js';
import { timeBasedPageSchema } from './event-stream.js';
import { mapSatisfactionRating } from './map.js';
import {
  IdOrNull,
  decodeCheckpoint,
  encodeCheckpoint,
  exportStartTime,
  parseEnvelope,
  parseRecord,
} from './payload.js';
import type { RoleCache } from './role-cache.js';
import {
  ZendeskIdSchema,
  ZendeskSatisfactionRatingSchema,
  ZendeskTimestampSchema,
  ZendeskUserSchema,
} from './schemas.js';

const USERS_PATH = '/api/v2/incremental/users/cursor.json';
const ORGANIZATIONS_PATH = '/api/v2/incremental/organizations.json';
const RATINGS_PATH = '/api/v2/satisfaction_ratings.json';

const ExportUserSchema = ZendeskUserSchema.extend({
  organization_id: IdOrNull,
  updated_at: ZendeskTimestampSchema,
});
const UsersPageSchema = z.looseObject({
  users: z.array(z.unknown()),
  after_cursor: z.string().nullish(),
  end_of_stream: z.boolean(),
});
const OrganizationSchema = z.looseObject({
  id: ZendeskIdSchema,
  name: z.string(),
  updated_at: ZendeskTimestampSchema,
  created_at: ZendeskTimestampSchema.nullish(),
  tags: z.array(z.string()).nullish(),
  organization_fields: z
    .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]))
    .nullish(),
});
const OrganizationsPageSchema = timeBasedPageSchema('organizations');
const RatingsPageSchema = z.looseObject({
  satisfaction_ratings: z.array(z.unknown()),
  meta: z.looseObject({ has_more: z.boolean(), after_cursor: z.string().nullish() }).nullish(),
  links: z.looseObject({ next: z.string().nullish() }).nullish(),
});

/** Where a stream resumes: its checkpoint if any, else the backfill start (both clamped). */
function resumeFrom(options: StreamOptions, now: number) {
  const state = options.checkpoint === null ? {} : decodeCheckpoint(options.checkpoint);
  const startMs = state.startTime === undefined ? options.startTime : state.startTime * 1000;
  return { cursor: state.cursor, startTime: exportStartTime(startMs, now) };
}

/** The cursor-based users export; every user's role also refreshes the comment-author cache. */
export async function* userPages(
  client: ZendeskClient,
  roles: RoleCache,
  now: () => number,
  options: StreamOptions,
): AsyncGenerator<Page<HelpdeskUser>> {
  const resume = resumeFrom(options, now());
  const { startTime } = resume;
  let { cursor } = resume;
  for (;;) {
    options.signal?.throwIfAborted();
    const query = cursor === undefined ? { start_time: startTime } : { cursor };
    const body = await client.get(USERS_PATH, query, options.signal);
    const page = parseEnvelope(UsersPageSchema, body, `Zendesk GET ${USERS_PATH}`);
    const quarantined: QuarantinedRecord[] = [];
    const items: HelpdeskUser[] = [];
    for (const raw of page.users) {
      const user = parseRecord(ExportUserSchema, raw, 'users', quarantined);
      if (user === null) continue;
      roles.set(user.id, user.role);
      items.push({
        id: user.id,
        name: user.name ?? null,
        kind: roles.kindOf(user.id),
        organizationId: user.organization_id,
        updatedAt: Date.parse(user.updated_at),
      });
    }
    cursor = page.after_cursor ?? cursor;
    const checkpoint = encodeCheckpoint(cursor === undefined ? { startTime } : { cursor });
    yield { items, quarantined, checkpoint, endOfStream: page.end_of_stream };
    if (page.end_of_stream || cursor === undefined) return;
  }
}

/** The time-based organizations export; the next call starts at the page's `end_time`. */
export async function* organizationPages(
  client: ZendeskClient,
  now: () => number,
  options: StreamOptions,
): AsyncGenerator<Page<Organization>> {
  let { startTime } = resumeFrom(options, now());
  for (;;) {
    options.signal?.throwIfAborted();
    const body = await client.get(ORGANIZATIONS_PATH, { start_time: startTime }, options.signal);
    const page = parseEnvelope(OrganizationsPageSchema, body, `Zendesk GET ${ORGANIZATIONS_PATH}`);
    const quarantined: QuarantinedRecord[] = [];
    const items: Organization[] = [];
    for (const raw of page.organizations) {
      const org = parseRecord(OrganizationSchema, raw, 'organizations', quarantined);
      if (org !== null) {
        items.push({
          id: org.id,
          name: org.name,
          updatedAt: Date.parse(org.updated_at),
          ...(org.created_at == null ? {} : { createdAt: Date.parse(org.created_at) }),
          tags: org.tags ?? [],
          fields: org.organization_fields ?? {},
        });
      }
    }
    const next = page.end_time ?? startTime;
    const advanced = next > startTime;
    startTime = Math.max(startTime, next);
    const checkpoint = encodeCheckpoint({ startTime });
    yield { items, quarantined, checkpoint, endOfStream: page.end_of_stream };
    if (page.end_of_stream || !advanced) return;
  }
}

/**
 * Legacy CSAT ratings as `satisfaction` events, by cursor pagination (`links.next`). Mid-scan the
 * checkpoint holds the cursor; at the end it holds the latest `updated_at` seen, so the next run
 * re-reads that second and event ids (`csat:<id>`) absorb the overlap.
 */
export async function* satisfactionPages(
  client: ZendeskClient,
  now: () => number,
  options: StreamOptions,
): AsyncGenerator<Page<TicketEvent>> {
  const resume = resumeFrom(options, now());
  const { startTime } = resume;
  let latest = startTime;
  let next: string | null = null;
  const first = {
    start_time: startTime,
    'page[size]': 100,
    ...(resume.cursor === undefined ? {} : { 'page[after]': resume.cursor }),
  };
  for (let isFirst = true; isFirst || next !== null; isFirst = false) {
    options.signal?.throwIfAborted();
    const body: unknown = await (next === null
      ? client.get(RATINGS_PATH, first, options.signal)
      : client.get(next, undefined, options.signal));
    const page = parseEnvelope(RatingsPageSchema, body, `Zendesk GET ${RATINGS_PATH}`);
    const quarantined: QuarantinedRecord[] = [];
    const items: TicketEvent[] = [];
    for (const raw of page.satisfaction_ratings) {
      const rating = parseRecord(ZendeskSatisfactionRatingSchema, raw, 'satisfaction', quarantined);
      if (rating === null) continue;
      const event = mapSatisfactionRating(rating);
      latest = Math.max(latest, Math.floor(event.at / 1000));
      items.push(event);
    }
    const hasMore: boolean = page.meta?.has_more ?? false;
    next = hasMore ? (page.links?.next ?? null) : null;
    const cursor = page.meta?.after_cursor ?? undefined;
    const checkpoint = encodeCheckpoint(
      next !== null && cursor !== undefined ? { startTime, cursor } : { startTime: latest },
    );
    yield { items, quarantined, checkpoint, endOfStream: next === null };
  }
}
