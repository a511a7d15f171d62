import type { UserFieldSpec } from '../connector.js';
import type { FreshdeskClient } from './client.js';
import { getArray } from './pager.js';
import { FreshdeskContactFieldSchema } from './schemas.js';

const FIELD_TYPES: Readonly<Record<UserFieldSpec['type'], string>> = {
  integer: 'custom_number',
  decimal: 'custom_decimal',
  text: 'custom_text',
};

/**
 * Creates the app's contact fields that do not exist yet. A field exists when a contact field
 * carries its key as `name` (Freshdesk may report custom names with a `cf_` prefix). Creation sends
 * `name` so that `custom_fields` on contacts is keyed by the spec's key.
 */
export async function ensureContactFields(
  client: FreshdeskClient,
  fields: readonly UserFieldSpec[],
): Promise<void> {
  const raws = await getArray(client, '/api/v2/contact_fields', {}, undefined);
  const existing = new Set<string>();
  for (const raw of raws) {
    // A definition we cannot read cannot match; at worst Freshdesk rejects the duplicate create.
    const parsed = FreshdeskContactFieldSchema.safeParse(raw);
    if (parsed.success) existing.add(parsed.data.name.replace(/^cf_/, ''));
  }
  for (const field of fields) {
    if (existing.has(field.key)) continue;
    await client.post('/api/v2/contact_fields', {
      data: {
        label: field.title,
        name: field.key,
        type: FIELD_TYPES[field.type],
        description: field.description,
      },
    });
  }
}

/** Writes the app's field values on one contact (`PUT /api/v2/contacts/{id}`). */
export async function updateContactFields(
  client: FreshdeskClient,
  contactId: string,
  values: Readonly<Record<string, string | number | null>>,
): Promise<void> {
  await client.put(`/api/v2/contacts/${encodeURIComponent(contactId)}`, {
    data: { custom_fields: { ...values } },
  });
}
