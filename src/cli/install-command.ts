import type { Config } from '../config/env.js';
import { ValidationError } from '../errors.js';
import { checkingConnectorFor } from '../runtime/connector-factory.js';
import { openRuntime } from '../runtime/open-runtime.js';
import { installInstallation } from '../services/admin/install-installation.js';
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
  npsField?: string;
}

/**
 * `deskpulse install`: checks the credentials with the helpdesk (nothing is stored when it
 * refuses them: the error names why and the command exits 1), registers the account, and prints
 * once, as JSON on stdout, its id, the app secret (for the Zendesk app's secure setting) and the
 * webhook signing secret; the next steps follow on stderr.
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
      ...(options.npsField === undefined ? {} : { npsFieldId: options.npsField }),
    },
  };
  const { store, encryptionKey } = await openRuntime(config, { command: 'deskpulse install' });
  try {
    const { installation, appSecret, webhookSecret, roleClaimKey, user } =
      await installInstallation(
        { store, encryptionKey, connectorForAccount: checkingConnectorFor(io.clock) },
        input,
      );
    const webhookPath = `/webhooks/zendesk/${installation.id}`;
    io.stdout(
      `${JSON.stringify({ installationId: installation.id, appSecret, roleClaimKey, webhookSecret, webhookPath }, null, 2)}\n`,
    );
    const who = user.name === null ? `user ${user.userId}` : `${user.name} (user ${user.userId})`;
    io.stderr(
      `deskpulse: the helpdesk accepted the credentials as ${who}.\n` +
        'deskpulse: the secrets above are shown only once; store them now.\n' +
        nextSteps(installation.id, installation.helpdesk, config.PUBLIC_URL),
    );
    return 0;
  } finally {
    await store.close();
  }
}

function nextSteps(id: string, helpdesk: 'zendesk' | 'freshdesk', publicUrl?: string): string {
  const base = publicUrl?.replace(/\/+$/, '') ?? '<PUBLIC_URL>';
  const steps =
    helpdesk === 'zendesk'
      ? [
          'set "appSecret" as the app_secret setting of the Deskpulse app in Zendesk',
          `register the webhook: POST ${base}/api/v1/admin/installations/${id}/webhook ` +
            `(ADMIN_TOKEN), or a Zendesk webhook to ${base}/webhooks/zendesk/${id} ` +
            'signed with "webhookSecret"',
          `backfill: deskpulse backfill --installation ${id} --since YYYY-MM-DD`,
        ]
      : [`backfill: deskpulse backfill --installation ${id} --since YYYY-MM-DD`];
  return `Next steps:\n${steps.map((s, i) => `  ${i + 1}. ${s}\n`).join('')}`;
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
