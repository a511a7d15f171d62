import type { Config } from '../config/env.js';
import { ValidationError } from '../errors.js';
import { openRuntime } from '../runtime/open-runtime.js';
import { registerInstallation } from '../services/register-installation.js';
import type { CommandIo } from './analyze-command.js';

/** Options of `deskpulse install`. */
export interface InstallCommandOptions {
  helpdesk: 'zendesk' | 'freshdesk';
  domain: string;
  email?: string;
  token?: string;
  oauthToken?: string;
  apiKey?: string;
  baseUrl?: string;
  timeField?: string;
  cesField?: string;
}

/**
 * `deskpulse install`: registers a helpdesk account and prints, once, its id, the app secret
 * (for the Zendesk app's secure setting) and the webhook signing secret as JSON on stdout.
 */
export async function runInstallCommand(
  config: Config,
  options: InstallCommandOptions,
  io: CommandIo,
): Promise<number> {
  const input = {
    helpdesk: options.helpdesk,
    domain: options.domain,
    credentials: credentialsOf(options),
    settings: {
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      ...(options.timeField === undefined ? {} : { timeFieldId: options.timeField }),
      ...(options.cesField === undefined ? {} : { cesFieldId: options.cesField }),
    },
  };
  const { store, encryptionKey } = await openRuntime(config);
  try {
    const { installation, appSecret, webhookSecret, roleClaimKey } = await registerInstallation(
      store,
      encryptionKey,
      input,
    );
    const webhookPath = `/webhooks/zendesk/${installation.id}`;
    io.stdout(
      `${JSON.stringify({ installationId: installation.id, appSecret, roleClaimKey, webhookSecret, webhookPath }, null, 2)}\n`,
    );
    io.stderr('deskpulse: the secrets above are shown only once; store them now.\n');
    return 0;
  } finally {
    await store.close();
  }
}

function credentialsOf(o: InstallCommandOptions): unknown {
  if (o.helpdesk === 'freshdesk') {
    if (o.apiKey === undefined) throw new ValidationError('freshdesk needs --api-key');
    return { apiKey: o.apiKey };
  }
  if (o.oauthToken !== undefined) {
    if (o.email !== undefined || o.token !== undefined)
      throw new ValidationError('use either --oauth-token or --email with --token, not both');
    return { kind: 'oauth', accessToken: o.oauthToken };
  }
  if (o.email === undefined || o.token === undefined)
    throw new ValidationError('zendesk needs --email and --token, or --oauth-token');
  return { kind: 'token', email: o.email, token: o.token };
}
