import { z } from 'zod';
import type { AppNotification, UserFieldSpec, UserFieldsUpdate } from '../connector.js';
import type { ZendeskClient } from './client.js';
import { parseEnvelope } from './payload.js';
import { ZendeskIdSchema } from './schemas.js';

const USER_FIELDS_PATH = '/api/v2/user_fields.json';
const TICKET_FIELDS_PATH = '/api/v2/ticket_fields.json';
const NOTIFY_PATH = '/api/v2/apps/notify.json';

const UserFieldsSchema = z.looseObject({
  user_fields: z.array(z.looseObject({ key: z.string() })),
});
const TicketFieldsSchema = z.looseObject({
  ticket_fields: z.array(z.looseObject({ id: ZendeskIdSchema, title: z.string().nullish() })),
});

/** Creates the app's user fields that are missing; fields that exist are left as the admin set them. */
export async function ensureUserFields(
  client: ZendeskClient,
  fields: readonly UserFieldSpec[],
): Promise<void> {
  const keys = await userFieldKeys(client);
  for (const field of fields) {
    if (keys.has(field.key)) continue;
    const { key, title, type, description } = field;
    try {
      await client.post(USER_FIELDS_PATH, { user_field: { key, title, type, description } });
    } catch (error) {
      // Another worker may have created it since we listed (Zendesk answers 422 "key taken"):
      // the field existing is all this call promises.
      if (!(await userFieldKeys(client)).has(key)) throw error;
    }
    keys.add(key);
  }
}

async function userFieldKeys(client: ZendeskClient): Promise<Set<string>> {
  const body = await client.get(USER_FIELDS_PATH);
  const existing = parseEnvelope(UserFieldsSchema, body, `Zendesk GET ${USER_FIELDS_PATH}`);
  return new Set(existing.user_fields.map((field) => field.key));
}

/** Writes the app's user-field values on one user. */
export async function updateUserFields(
  client: ZendeskClient,
  userId: string,
  values: Readonly<Record<string, string | number | null>>,
): Promise<void> {
  await client.put(`/api/v2/users/${encodeURIComponent(userId)}.json`, {
    user: { user_fields: values },
  });
}

/** Zendesk's cap on users per `update_many` request. */
export const UPDATE_MANY_LIMIT = 100;

/**
 * Writes user-field values on many users, {@link UPDATE_MANY_LIMIT} per request. Zendesk applies
 * them in a background job and answers with its status; a full job queue answers 429, which the
 * client turns into a RATE_LIMITED error the queue retries after Retry-After.
 */
export async function updateManyUserFields(
  client: ZendeskClient,
  updates: readonly UserFieldsUpdate[],
): Promise<void> {
  for (let i = 0; i < updates.length; i += UPDATE_MANY_LIMIT) {
    const users = updates
      .slice(i, i + UPDATE_MANY_LIMIT)
      .map((u) => ({ id: numericId(u.userId), user_fields: u.values }));
    await client.put('/api/v2/users/update_many.json', { users });
  }
}

/**
 * Notifies running app instances. Zendesk takes one optional `agent_id` per call, so a list of
 * agents becomes one call each; no list means every agent running the app.
 */
export async function notifyApp(
  client: ZendeskClient,
  notification: AppNotification,
): Promise<void> {
  const base = {
    app_id: numericId(notification.appId),
    event: notification.event,
    body: notification.body,
  };
  const agents = notification.agentIds ?? [];
  if (agents.length === 0) {
    await client.post(NOTIFY_PATH, base);
    return;
  }
  for (const agentId of agents) {
    await client.post(NOTIFY_PATH, { ...base, agent_id: numericId(agentId) });
  }
}

/** Zendesk expects integer ids in bodies; ids past 2^53 stay strings rather than lose digits. */
function numericId(id: string): number | string {
  const n = Number(id);
  return /^\d+$/.test(id) && Number.isSafeInteger(n) ? n : id;
}

/**
 * Finds the account's time-tracking, CES and NPS fields by title: the Time Tracking app's
 * "Total time spent (sec)", a field whose title mentions effort or CES, and one that mentions NPS
 * or recommending. Null when absent.
 */
export async function findTicketFieldIds(
  client: ZendeskClient,
): Promise<{ timeFieldId: string | null; cesFieldId: string | null; npsFieldId: string | null }> {
  const body = await client.get(TICKET_FIELDS_PATH);
  const { ticket_fields: fields } = parseEnvelope(
    TicketFieldsSchema,
    body,
    `Zendesk GET ${TICKET_FIELDS_PATH}`,
  );
  const titled = (test: (title: string) => boolean): string | null =>
    fields.find((field) => test((field.title ?? '').trim()))?.id ?? null;
  return {
    timeFieldId: titled((title) => title.toLowerCase() === 'total time spent (sec)'),
    cesFieldId: titled((title) => /effort/i.test(title) || /\bCES\b/.test(title)),
    npsFieldId: titled((title) => /\bNPS\b/.test(title) || /recommend/i.test(title)),
  };
}
