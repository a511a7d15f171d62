import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { SafeTextSchema } from '../../domain/index.js';
import { AppError, NotFoundError, ValidationError } from '../../errors.js';
import type { JobProducer } from '../../queue/queue.js';
import type { InstallationStore, IntakeStore } from '../../store/store.js';

/** A webhook whose signature is missing, malformed, wrong or outside the replay window. */
export class WebhookSignatureError extends AppError {
  constructor(message: string) {
    super('WEBHOOK_SIGNATURE_INVALID', message, { status: 401 });
  }
}

/** Input of {@link verifyWebhookSignature}. */
export interface WebhookSignatureInput {
  secret: string;
  /** `x-zendesk-webhook-signature`: base64(HMAC-SHA256(secret, timestamp + rawBody)). */
  signature: string | undefined;
  /** `x-zendesk-webhook-signature-timestamp`, ISO-8601. */
  timestamp: string | undefined;
  /** The body exactly as received: re-serialised JSON would not match the signature. */
  rawBody: Buffer;
  now: number;
  /** How far the timestamp may be from now, either way (default 5 minutes). */
  toleranceMs?: number;
}

const DEFAULT_TOLERANCE_MS = 5 * 60_000;
/**
 * How long a delivery id is remembered. A delivery verifies while its timestamp is within the
 * tolerance either way of now, so a replay can succeed up to twice the tolerance after receipt;
 * an hour covers that with room for clock skew between servers, then the row is pruned.
 */
export const DELIVERY_RETENTION_MS = 60 * 60_000;
// A SHA-256 digest is 32 bytes: exactly 43 base64 characters and one pad.
const SIGNATURE_PATTERN = /^[A-Za-z0-9+/]{43}=$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Checks a Zendesk webhook signature. True only for a well-formed signature and timestamp, the
 * timestamp within `toleranceMs` of now (in the past or, for clock skew, the future — a wider
 * window would let a captured delivery be replayed after its dedupe entry is gone), and an HMAC
 * that matches in constant time.
 */
export function verifyWebhookSignature(input: WebhookSignatureInput): boolean {
  const { signature, timestamp, rawBody } = input;
  if (signature === undefined || timestamp === undefined) return false;
  if (!SIGNATURE_PATTERN.test(signature) || !ISO_TIMESTAMP.test(timestamp)) return false;
  const at = Date.parse(timestamp);
  const tolerance = input.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  if (Number.isNaN(at) || Math.abs(input.now - at) > tolerance) return false;
  const expected = createHmac('sha256', input.secret).update(timestamp).update(rawBody).digest();
  const given = Buffer.from(signature, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** What {@link receiveZendeskWebhook} needs. */
export interface WebhookIntakeDeps {
  store: InstallationStore & IntakeStore;
  producer: JobProducer;
  /** The installation's webhook signing secret, or null when it has none configured. */
  webhookSecretFor: (installationId: string) => Promise<string | null>;
  now: () => number;
}

/** One received delivery. Header names are lower case, as node:http gives them. */
export interface WebhookDelivery {
  installationId: string;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

/** The documented body of a ticket webhook (API-SUBSET.md, "Webhooks"). */
const ZendeskWebhookBodySchema = z.object({
  type: z.string().startsWith('zen:event-type:ticket.'),
  // The delivery id is stored (replay dedupe); the body is JSON, so it can spell a NUL.
  id: SafeTextSchema.min(1).max(200),
  detail: z.object({
    id: z.union([z.string().regex(/^\d+$/), z.number().int().positive()]).transform(String),
    updated_at: z.iso.datetime({ offset: true }),
  }),
});

/**
 * Takes one Zendesk webhook delivery: finds the installation (404), verifies the signature over
 * the raw body (401), parses the body (400), records the delivery id (a replay is answered
 * `duplicate` and does nothing) and enqueues `ticket.refresh`. The delivery id comes from the
 * signed body, not the unsigned header, so it cannot be altered to dodge the dedupe. The id is
 * recorded before the enqueue; if the enqueue then fails, Zendesk's retry is deduped and the
 * change waits for the next scheduled sync — late, never lost.
 */
export async function receiveZendeskWebhook(
  deps: WebhookIntakeDeps,
  input: WebhookDelivery,
): Promise<{ status: 'accepted' | 'duplicate' }> {
  const { installationId } = input;
  // Side by side: one round trip less before the refresh is queued (issue 16).
  const [installation, stored] = await Promise.all([
    deps.store.getInstallation(installationId),
    deps.webhookSecretFor(installationId),
  ]);
  const secret = installation === null ? null : stored;
  // One answer for "no such installation" and "no webhook configured": neither can take it.
  if (secret === null) throw new NotFoundError('no webhook target for this installation');
  const valid = verifyWebhookSignature({
    secret,
    signature: input.headers['x-zendesk-webhook-signature'],
    timestamp: input.headers['x-zendesk-webhook-signature-timestamp'],
    rawBody: input.rawBody,
    now: deps.now(),
  });
  if (!valid) throw new WebhookSignatureError('webhook signature or timestamp is invalid');
  const body = parseBody(input.rawBody);
  const now = deps.now();
  const recorded = await deps.store.recordWebhookDelivery(
    installationId,
    body.id,
    now,
    now - DELIVERY_RETENTION_MS,
  );
  if (!recorded) {
    return { status: 'duplicate' };
  }
  await deps.producer.enqueue('ticket.refresh', {
    installationId,
    ticketId: body.detail.id,
    updatedAt: Date.parse(body.detail.updated_at),
  });
  return { status: 'accepted' };
}

function parseBody(rawBody: Buffer): z.output<typeof ZendeskWebhookBodySchema> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString('utf8'));
  } catch {
    throw new ValidationError('webhook body is not JSON');
  }
  const parsed = ZendeskWebhookBodySchema.safeParse(json);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new ValidationError('webhook body is not a ticket event', issues);
  }
  return parsed.data;
}
