import type { z } from 'zod';
import type { HelpdeskConnector } from '../connectors/connector.js';
import { createFreshdeskClient } from '../connectors/freshdesk/client.js';
import { createFreshdeskConnector } from '../connectors/freshdesk/connector.js';
import { createZendeskClient } from '../connectors/zendesk/client.js';
import { createZendeskConnector } from '../connectors/zendesk/connector.js';
import type { TicketStatus } from '../domain/index.js';
import { ConfigError, NotFoundError } from '../errors.js';
import {
  FreshdeskCredentialsSchema,
  InstallationSettingsSchema,
  StoredSecretsSchema,
  ZendeskCredentialsSchema,
} from '../services/admin/installation-schemas.js';
import type { HelpdeskAccount } from '../services/admin/install-installation.js';
import { type Installation, type TicketStore } from '../store/index.js';
import { decryptSecret } from '../security/secrets.js';

/** What {@link createConnectorFactory} needs. */
export interface ConnectorFactoryDeps {
  store: TicketStore;
  /** The 32-byte key the credentials were encrypted with. */
  encryptionKey: Buffer;
  now: () => number;
  /** Connector warnings (skipped schedules, mapping notes); default: a process warning. */
  onWarning?: (message: string) => void;
}

const TIMEOUT_MS = 30_000;
const MAX_RETRIES = 6;

/**
 * Builds `connectorFor(installationId)` for the services: loads the installation, decrypts its
 * credentials, reads its settings and builds the matching connector. Connectors are cached per
 * installation (in flight too) because they hold keep-alive sockets, rate-limit state and a role
 * cache that should outlive one job. An unknown installation is a NOT_FOUND AppError (not
 * retryable, so its jobs fail at once); a failed build is not cached, so a fix takes effect.
 */
export function createConnectorFactory(
  deps: ConnectorFactoryDeps,
): (installationId: string) => Promise<HelpdeskConnector> {
  const cache = new Map<string, Promise<HelpdeskConnector>>();
  return (installationId) => {
    let connector = cache.get(installationId);
    if (connector === undefined) {
      connector = build(deps, installationId);
      cache.set(installationId, connector);
      connector.catch(() => cache.delete(installationId));
    }
    return connector;
  };
}

/**
 * Builds `webhookSecretFor(installationId)` for webhook intake: the signing secret kept in the
 * installation's encrypted credentials, or null when the installation is unknown or has none.
 */
export function createWebhookSecretResolver(
  store: TicketStore,
  encryptionKey: Buffer,
): (installationId: string) => Promise<string | null> {
  return async (installationId) => {
    const installation = await store.getInstallation(installationId);
    if (installation === null) return null;
    const parsed = StoredSecretsSchema.safeParse(decryptJson(installation, encryptionKey));
    return parsed.success ? parsed.data.webhookSecret : null;
  };
}

async function build(deps: ConnectorFactoryDeps, installationId: string) {
  const installation = await deps.store.getInstallation(installationId);
  if (installation === null) throw new NotFoundError(`no installation ${installationId}`);
  const settings = parseOrThrow(InstallationSettingsSchema, installation.settings, 'settings');
  const secrets = decryptJson(installation, deps.encryptionKey);
  const credentials =
    installation.helpdesk === 'zendesk'
      ? ({
          helpdesk: 'zendesk',
          auth: parseOrThrow(ZendeskCredentialsSchema, secrets, 'credentials'),
        } as const)
      : ({
          helpdesk: 'freshdesk',
          ...parseOrThrow(FreshdeskCredentialsSchema, secrets, 'credentials'),
        } as const);
  return connectorForAccount(deps, { domain: installation.domain, settings, credentials });
}

/** Per-request timeout and retries of a connector's client. */
export interface TransportOptions {
  timeoutMs: number;
  maxRetries: number;
}

/**
 * Builds the connector of an account that need not be stored yet: the one path from credentials
 * to a connector, shared by the installation factory above and by `install`, which checks the
 * credentials before it stores them (with fewer retries, so a wrong host fails in seconds).
 */
export function connectorForAccount(
  deps: Pick<ConnectorFactoryDeps, 'now' | 'onWarning'>,
  account: HelpdeskAccount,
  transport: TransportOptions = { timeoutMs: TIMEOUT_MS, maxRetries: MAX_RETRIES },
): HelpdeskConnector {
  return account.credentials.helpdesk === 'zendesk'
    ? zendeskConnector(deps, account, account.credentials.auth, transport)
    : freshdeskConnector(deps, account, account.credentials.apiKey, transport);
}

function zendeskConnector(
  deps: Pick<ConnectorFactoryDeps, 'now' | 'onWarning'>,
  { domain, settings }: HelpdeskAccount,
  auth: z.output<typeof ZendeskCredentialsSchema>,
  transport: TransportOptions,
): HelpdeskConnector {
  const client = createZendeskClient({
    subdomain: domain,
    auth,
    ...transport,
    now: deps.now,
    ...(settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl }),
    ...(settings.budgetShare === undefined ? {} : { budgetShare: settings.budgetShare }),
  });
  return createZendeskConnector({
    client,
    mapping: {
      timeFieldId: settings.timeFieldId ?? null,
      cesFieldId: settings.cesFieldId ?? null,
      npsFieldId: settings.npsFieldId ?? null,
    },
    now: deps.now,
    ...(deps.onWarning === undefined ? {} : { onWarning: deps.onWarning }),
  });
}

function freshdeskConnector(
  deps: Pick<ConnectorFactoryDeps, 'now'>,
  { domain, settings }: HelpdeskAccount,
  apiKey: string,
  transport: TransportOptions,
): HelpdeskConnector {
  const client = createFreshdeskClient({
    domain,
    apiKey,
    ...transport,
    ...(settings.baseUrl === undefined ? {} : { baseUrl: settings.baseUrl }),
    // Freshdesk's knob is the share left for others; ours is the share we may use.
    ...(settings.budgetShare === undefined ? {} : { reservedShare: 1 - settings.budgetShare }),
  });
  const customStatuses: Record<number, TicketStatus> = {};
  for (const [code, status] of Object.entries(settings.customStatuses ?? {}))
    customStatuses[Number(code)] = status;
  return createFreshdeskConnector({ client, customStatuses, now: deps.now });
}

function decryptJson(installation: Installation, key: Buffer): unknown {
  try {
    return JSON.parse(decryptSecret(installation.credentials, key)) as unknown;
  } catch {
    // A wrong ENCRYPTION_KEY is an operator error; the message must not carry any plaintext.
    throw new ConfigError(
      `credentials of installation ${installation.id} cannot be decrypted (wrong ENCRYPTION_KEY?)`,
    );
  }
}

function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // Paths only: values may be secrets.
  const paths = parsed.error.issues.map((i) => i.path.join('.') || '(root)').join(', ');
  throw new ConfigError(`installation ${what} are invalid at: ${paths}`);
}

// One retry and a short timeout: an admin waiting on `install` learns of a wrong host in
// seconds, and a credentials check has nothing to lose by failing fast.
const CHECK_TRANSPORT: TransportOptions = { timeoutMs: 15_000, maxRetries: 1 };

/** `connectorForAccount` for checking an account's credentials before it is stored. */
export function checkingConnectorFor(
  now: () => number,
): (account: HelpdeskAccount) => HelpdeskConnector {
  return (account) => connectorForAccount({ now }, account, CHECK_TRANSPORT);
}
