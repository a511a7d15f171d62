import type { Command } from 'commander';
import { loadConfig } from '../config/env.js';
import { openRuntime } from '../runtime/open-runtime.js';
import {
  deleteInstallation,
  listInstallationSummaries,
  rotateAppSecret,
  showInstallation,
} from '../services/admin/installation-lifecycle.js';
import type { TicketStore } from '../store/store.js';
import type { CommandIo } from './analyze-command.js';

const EXIT_USAGE = 2;

/**
 * `deskpulse installations list|show|rotate-secret|delete`: the same services as the admin API's
 * installation routes, on the store of this machine's configuration. Output is JSON on stdout;
 * notes for the person go to stderr. `list` and `show` never print a secret.
 */
export function addInstallationsCommands(
  program: Command,
  io: CommandIo,
  setExit: (code: number) => void,
): void {
  const installations = program
    .command('installations')
    .description('List, inspect, rotate the app secret of, or delete installations.');

  installations
    .command('list')
    .description('Every installation: helpdesk, domain, created, last sync, tickets.')
    .action(async () => {
      await withStore(async (store) => {
        print(io, await listInstallationSummaries(store));
      });
    });

  installations
    .command('show')
    .description('One installation: helpdesk, domain, settings, created, last sync, row counts.')
    .argument('<id>', 'installation id')
    .action(async (id: string) => {
      await withStore(async (store) => {
        print(io, await showInstallation(store, id));
      });
    });

  installations
    .command('rotate-secret')
    .description('Replace the app secret; prints the new one once, the old one stops working.')
    .argument('<id>', 'installation id')
    .action(async (id: string) => {
      await withStore(async (store, encryptionKey) => {
        print(io, await rotateAppSecret(store, encryptionKey, id));
        io.stderr(
          'deskpulse: the old app secret no longer works; set "appSecret" as the app_secret and ' +
            '"roleClaimKey" as the role_claim_key setting of the Deskpulse app in Zendesk now ' +
            '(they are shown only once).\n',
        );
      });
    });

  installations
    .command('delete')
    .description('Delete an installation and ALL of its data (asks first, unless --yes).')
    .argument('<id>', 'installation id')
    .option('--yes', 'delete without asking')
    .action(async (id: string, opts: { yes?: boolean }) => {
      const confirmed = opts.yes === true ? id : await askToConfirm(io, id);
      if (confirmed === null) {
        io.stderr(
          'deskpulse: delete purges all data of the installation; with no terminal to ask, ' +
            'pass --yes to confirm\n',
        );
        setExit(EXIT_USAGE);
        return;
      }
      if (confirmed.trim() !== id) {
        io.stderr('deskpulse: the id typed does not match; nothing deleted\n');
        setExit(EXIT_USAGE);
        return;
      }
      await withStore(async (store) => {
        print(io, await deleteInstallation(store, id, id));
      });
    });
}

/** The answer to the confirmation prompt, or null when there is no terminal to ask. */
async function askToConfirm(io: CommandIo, id: string): Promise<string | null> {
  if (io.ask === undefined) return null;
  return io.ask(`Delete installation ${id} and all of its data? Type its id to confirm: `);
}

async function withStore(
  fn: (store: TicketStore, encryptionKey: Buffer) => Promise<void>,
): Promise<void> {
  const { store, encryptionKey } = await openRuntime(loadConfig(process.env), {
    command: 'deskpulse installations',
    existing: true,
  });
  try {
    await fn(store, encryptionKey);
  } finally {
    await store.close();
  }
}

function print(io: CommandIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value, null, 2)}\n`);
}
