import type { HelpdeskDirectory, HostTicket, HostUser } from './directory.js';
import type { PreviewLocation } from './app-package.js';

/** The identity of the app and account the host reports in `context()` and `metadata()`. */
export interface FrameIdentity {
  appId: number;
  appName: string;
  appVersion: string;
  installationId: number;
  subdomain: string;
  /** Non-secure settings only, as `metadata().settings` has them. */
  settings: Readonly<Record<string, string>>;
  currentUser: HostUser;
}

/** The languages the preview host offers, as `currentUser.locale` reports them. */
export const PREVIEW_LOCALES = { en: 'en-US', it: 'it' } as const;
export type PreviewLanguage = keyof typeof PREVIEW_LOCALES;

/** The language a query value asks for; English unless it is one the host offers. */
export function previewLanguage(value: unknown): PreviewLanguage {
  return value === 'it' ? 'it' : 'en';
}

/** What `client.context()`, `client.metadata()` and `client.get()` answer for one frame. */
export interface FrameData {
  context: Record<string, unknown>;
  metadata: Record<string, unknown>;
  data: Record<string, unknown>;
}

/** `ticket` as ZAF's ticket sidebar exposes it (ids are numbers, as in Zendesk). */
function zafTicket(t: HostTicket): Record<string, unknown> {
  const { ticket } = t;
  const customFields = Object.fromEntries(
    Object.entries(ticket.customFields).map(([id, value]) => [
      `customField:custom_field_${id}`,
      value,
    ]),
  );
  return {
    id: Number(ticket.id),
    subject: ticket.subject,
    status: ticket.status,
    priority: ticket.priority,
    tags: ticket.tags,
    createdAt: new Date(ticket.createdAt).toISOString(),
    updatedAt: new Date(ticket.updatedAt).toISOString(),
    via: { channel: ticket.channel },
    requester: t.requester,
    assignee: {
      user: t.assignee === null ? null : { id: t.assignee.id, name: t.assignee.name },
      group: t.group,
    },
    organization: t.organization,
    brand: ticket.brandId === null ? null : { id: Number(ticket.brandId) },
    ...customFields,
  };
}

/**
 * The frame's answers for a location and the record it shows; null when the record does not
 * exist (the host would not open that page).
 */
export function frameData(
  directory: HelpdeskDirectory,
  identity: FrameIdentity,
  location: PreviewLocation,
  subjectId: string,
  instanceGuid: string,
  language: PreviewLanguage,
): FrameData | null {
  const context: Record<string, unknown> = {
    instanceGuid,
    product: 'support',
    account: { subdomain: identity.subdomain },
    location,
  };
  const data: Record<string, unknown> = {
    currentUser: {
      ...identity.currentUser,
      locale: PREVIEW_LOCALES[language],
      timeZone: { ianaName: 'UTC' },
    },
    currentAccount: { subdomain: identity.subdomain },
  };
  if (location === 'ticket_sidebar') {
    const ticket = directory.ticket(subjectId);
    if (ticket === null) return null;
    context['ticketId'] = Number(ticket.ticket.id);
    data['ticket'] = zafTicket(ticket);
  } else if (location === 'user_sidebar') {
    const user = directory.user(subjectId);
    if (user === null) return null;
    const { organization, ...rest } = user;
    data['user'] = { ...rest, organizations: organization === null ? [] : [organization] };
  } else if (location === 'organization_sidebar') {
    const organization = directory.organization(subjectId);
    if (organization === null) return null;
    data['organization'] = organization;
  }
  return {
    context,
    metadata: {
      appId: identity.appId,
      installationId: identity.installationId,
      name: identity.appName,
      version: identity.appVersion,
      settings: { ...identity.settings },
    },
    data,
  };
}
