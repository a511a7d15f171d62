import { z } from 'zod';
import type { RegisteredWebhook } from '../connector.js';
import { ConnectorError } from '../errors.js';
import type { ZendeskClient } from './client.js';

const CreatedWebhookSchema = z.object({ webhook: z.object({ id: z.coerce.string().min(1) }) });
const SigningSecretSchema = z.object({ signing_secret: z.object({ secret: z.string().min(1) }) });
const CreatedTriggerSchema = z.object({ trigger: z.object({ id: z.coerce.string().min(1) }) });

/**
 * The delivery body: the shape webhook intake verifies (type, id, detail.id, detail.updated_at).
 * Ticket activity reaches webhooks only through a trigger (Zendesk's event subscriptions cover
 * users and organisations), so the body is built from placeholders. The `id` pairs the ticket
 * with its update instant, one per update, which is what intake dedupes on.
 */
const DELIVERY_BODY = JSON.stringify({
  type: 'zen:event-type:ticket.changed',
  id: '{{ticket.id}}-{{ticket.updated_at_with_timestamp}}',
  detail: { id: '{{ticket.id}}', updated_at: '{{ticket.updated_at_with_timestamp}}' },
});

function parse<T extends z.ZodType>(schema: T, body: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(body);
  if (!parsed.success)
    throw new ConnectorError('SCHEMA_MISMATCH', `Zendesk ${what}: unexpected response`);
  return parsed.data;
}

/**
 * Creates an active JSON webhook to `endpoint` for conditional ticket events, reads the signing
 * secret Zendesk generated for it, and creates a trigger that notifies it on every ticket
 * create or update. Three calls, not atomic: on a failure part-way the admin sees the error and
 * the objects already created stay in Zendesk (named "Deskpulse" to be found and removed).
 */
export async function registerTicketWebhook(
  client: ZendeskClient,
  endpoint: string,
): Promise<RegisteredWebhook> {
  const created = parse(
    CreatedWebhookSchema,
    await client.post('/api/v2/webhooks', {
      webhook: {
        name: 'Deskpulse ticket changes',
        status: 'active',
        endpoint,
        http_method: 'POST',
        request_format: 'json',
        subscriptions: ['conditional_ticket_events'],
      },
    }),
    'create webhook',
  );
  const webhookId = created.webhook.id;
  const secret = parse(
    SigningSecretSchema,
    await client.get(`/api/v2/webhooks/${encodeURIComponent(webhookId)}/signing_secret`),
    'webhook signing secret',
  );
  const trigger = parse(
    CreatedTriggerSchema,
    await client.post('/api/v2/triggers', {
      trigger: {
        title: 'Deskpulse: notify on ticket changes',
        conditions: {
          any: [
            { field: 'update_type', operator: 'is', value: 'Create' },
            { field: 'update_type', operator: 'is', value: 'Change' },
          ],
        },
        actions: [{ field: 'notification_webhook', value: [webhookId, DELIVERY_BODY] }],
      },
    }),
    'create trigger',
  );
  return { webhookId, triggerId: trigger.trigger.id, signingSecret: secret.signing_secret.secret };
}
