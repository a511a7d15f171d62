import type { HelpdeskAccountUser, HelpdeskConnector } from '../../connectors/connector.js';
import { ConnectorError } from '../../connectors/errors.js';
import { AppError } from '../../errors.js';
import type { InstallationStore, SyncPassQueries, SyncStore } from '../../store/store.js';
import type { InstallationSettings, ZendeskCredentialsSchema } from './installation-schemas.js';
import {
  parseRegistration,
  registerInstallation,
  type RegisteredInstallation,
} from './register-installation.js';
import type { z } from 'zod';

/** A helpdesk account as a connector needs it: where it is, how to sign in, and its settings. */
export interface HelpdeskAccount {
  domain: string;
  settings: InstallationSettings;
  credentials:
    | { helpdesk: 'zendesk'; auth: z.output<typeof ZendeskCredentialsSchema> }
    | { helpdesk: 'freshdesk'; apiKey: string };
}

/** What {@link installInstallation} needs. */
export interface InstallDeps {
  store: InstallationStore & SyncPassQueries & SyncStore;
  encryptionKey: Buffer;
  /** Builds the connector of an account not stored yet (the runtime's connector factory). */
  connectorForAccount: (account: HelpdeskAccount) => HelpdeskConnector;
}

/** A stored installation, its one-time secrets, and who its credentials act as. */
export interface InstalledInstallation extends RegisteredInstallation {
  user: HelpdeskAccountUser;
}

/** Why the helpdesk did not accept an installation; nothing was stored. */
export type InstallCheckCode =
  | 'HELPDESK_AUTH_FAILED'
  | 'HELPDESK_NOT_ADMIN'
  | 'HELPDESK_NOT_FOUND'
  | 'HELPDESK_UNREACHABLE'
  | 'HELPDESK_ERROR';

/** The helpdesk refused or could not check the credentials, so `install` stored nothing. */
export class InstallCheckError extends AppError {
  override readonly code: InstallCheckCode;

  constructor(code: InstallCheckCode, message: string, cause?: unknown) {
    // 422: the request was well formed, but the account it names does not work (502 when the
    // helpdesk itself failed, which a retry may fix).
    super(code, message, { status: code === 'HELPDESK_ERROR' ? 502 : 422, cause });
    this.code = code;
  }
}

/**
 * Registers a helpdesk account only once the helpdesk has accepted its credentials: one
 * authenticated call (Zendesk `users/me`, Freshdesk `agents/me`) through the same connector the
 * syncs will use. A refusal, an unknown account, an unreachable host, or (Zendesk) a user who is
 * no admin — the incremental exports need one — throws an {@link InstallCheckError} and stores
 * nothing; then the installation is stored as {@link registerInstallation} does.
 */
export async function installInstallation(
  deps: InstallDeps,
  input: unknown,
): Promise<InstalledInstallation> {
  const parsed = parseRegistration(input);
  const account: HelpdeskAccount = {
    domain: parsed.domain.toLowerCase(),
    settings: parsed.settings,
    credentials:
      parsed.helpdesk === 'zendesk'
        ? { helpdesk: 'zendesk', auth: parsed.credentials }
        : { helpdesk: 'freshdesk', apiKey: parsed.credentials.apiKey },
  };
  const where = parsed.settings.baseUrl ?? hostOf(parsed.helpdesk, account.domain);
  const user = await checkCredentials(deps.connectorForAccount(account), where);
  if (user.isAdmin === false) {
    throw new InstallCheckError(
      'HELPDESK_NOT_ADMIN',
      `the credentials act as ${describeUser(user)}, who is no admin of ${where}; ` +
        'the ticket exports need an admin',
    );
  }
  const registered = await registerInstallation(deps.store, deps.encryptionKey, input);
  return { ...registered, user };
}

async function checkCredentials(
  connector: HelpdeskConnector,
  where: string,
): Promise<HelpdeskAccountUser> {
  try {
    return await connector.currentUser();
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    throw new InstallCheckError(checkCode(error), `${where}: ${reason(error)}`, error);
  }
}

function checkCode(error: ConnectorError): InstallCheckCode {
  switch (error.code) {
    case 'AUTH_FAILED':
      return 'HELPDESK_AUTH_FAILED';
    case 'NOT_FOUND':
    case 'SCHEMA_MISMATCH':
      return 'HELPDESK_NOT_FOUND';
    case 'NETWORK':
      return 'HELPDESK_UNREACHABLE';
    case 'RATE_LIMITED':
    case 'UPSTREAM_UNAVAILABLE':
      return 'HELPDESK_ERROR';
  }
}

function reason(error: ConnectorError): string {
  switch (error.code) {
    case 'AUTH_FAILED':
      return `the helpdesk refused the credentials (${error.message})`;
    case 'NOT_FOUND':
    case 'SCHEMA_MISMATCH':
      return `no helpdesk account answers there; check the domain (${error.message})`;
    case 'NETWORK':
      return `cannot reach the helpdesk; check the domain or --base-url (${error.message})`;
    case 'RATE_LIMITED':
    case 'UPSTREAM_UNAVAILABLE':
      return `the helpdesk failed; try again later (${error.message})`;
  }
}

function hostOf(helpdesk: 'zendesk' | 'freshdesk', domain: string): string {
  if (domain.includes('.')) return domain;
  return `${domain}.${helpdesk}.com`;
}

function describeUser(user: HelpdeskAccountUser): string {
  const role = user.role === null ? '' : ` (${user.role})`;
  return `user ${user.userId}${role}`;
}
