import { z } from 'zod';
import { SatisfactionScoreSchema, type TicketEvent } from '../../domain/index.js';
import type { QuarantinedRecord } from '../connector.js';
import type { ZendeskMappingOptions } from './map.js';
import { issues, rawId } from './payload.js';
import type { RoleCache } from './role-cache.js';
import { ZendeskIdSchema, ZendeskTimestampSchema, ZendeskViaSchema } from './schemas.js';
import {
  baseOf,
  mapFieldChild,
  readFieldChild,
  type UpdateContext,
} from './ticket-event-fields.js';

/** `via` is a plain string in the ticket events export and an object elsewhere. */
const ViaSchema = z
  .union([z.string(), ZendeskViaSchema])
  .nullish()
  .transform((via) => (typeof via === 'string' ? via : (via?.channel ?? null)));

/** One item of the ticket events export: one update of one ticket, with its child events. */
export const ZendeskTicketUpdateSchema = z
  .looseObject({
    id: ZendeskIdSchema,
    ticket_id: ZendeskIdSchema,
    timestamp: z.number().int().nullish(),
    created_at: ZendeskTimestampSchema.nullish(),
    updater_id: ZendeskIdSchema.nullish(),
    via: ViaSchema,
    child_events: z.array(z.unknown()).nullish(),
  })
  .refine((u) => u.timestamp != null || u.created_at != null, {
    message: 'an update needs timestamp or created_at',
  });
export type ZendeskTicketUpdate = z.output<typeof ZendeskTicketUpdateSchema>;

const ChildSchema = z.looseObject({ id: ZendeskIdSchema, event_type: z.string() });

const CommentChildSchema = z.looseObject({
  id: ZendeskIdSchema,
  author_id: ZendeskIdSchema.nullish(),
  public: z.boolean().nullish(),
  created_at: ZendeskTimestampSchema.nullish(),
  via: ViaSchema,
});

const SatisfactionChildSchema = z.looseObject({
  id: ZendeskIdSchema,
  score: SatisfactionScoreSchema,
  assignee_id: ZendeskIdSchema.nullish(),
  created_at: ZendeskTimestampSchema.nullish(),
});

/** Comment authors of an update, whose roles must be known before it is mapped. */
export function commentAuthorIds(update: ZendeskTicketUpdate): string[] {
  const ids: string[] = [];
  for (const raw of update.child_events ?? []) {
    const child = CommentChildSchema.safeParse(raw);
    const isComment = isCommentType(ChildSchema.safeParse(raw).data?.event_type);
    if (!isComment || !child.success) continue;
    const author = child.data.author_id ?? update.updater_id ?? null;
    if (author !== null) ids.push(author);
  }
  return ids;
}

/**
 * Maps one update to domain events on its own, without earlier pages: status Create first, the
 * other children in order, status Change last (the rule map-history.ts applies to audits, so
 * "reply and solve" reads reply-then-solve). Event ids are `${update.id}:${child.id}`, the ids
 * mapTicketHistory gives the same audit events. A malformed child is quarantined alone.
 */
export function mapTicketUpdate(
  update: ZendeskTicketUpdate,
  roles: RoleCache,
  options: ZendeskMappingOptions,
): { events: TicketEvent[]; quarantined: QuarantinedRecord[] } {
  const ctx: UpdateContext = {
    update,
    at: update.created_at == null ? (update.timestamp ?? 0) * 1000 : Date.parse(update.created_at),
    options,
  };
  const children = update.child_events ?? [];
  const isCreate = children.some((c) => ChildSchema.safeParse(c).data?.event_type === 'Create');
  const born: TicketEvent[] = [];
  const body: TicketEvent[] = [];
  const statusChanges: TicketEvent[] = [];
  const quarantined: QuarantinedRecord[] = [];
  let commentSeen = false;

  for (const raw of children) {
    const reject = (reason: string): void => {
      quarantined.push({
        stream: 'ticket_events',
        sourceId: `${update.id}:${rawId(raw) ?? '(no id)'}`,
        reason: `update ${update.id} on ticket ${update.ticket_id}: ${reason}`,
        raw,
      });
    };
    const head = ChildSchema.safeParse(raw);
    if (!head.success) {
      reject(issues(head));
      continue;
    }
    const type = head.data.event_type;
    if (type === 'Create' || type === 'Change') {
      const field = readFieldChild(head.data);
      const event = typeof field === 'string' ? field : mapFieldChild(ctx, field);
      if (typeof event === 'string') reject(event);
      else if (event === null) continue;
      else if (event.type !== 'status_change') body.push(event);
      else if (type === 'Create') born.push(event);
      else statusChanges.push(event);
    } else if (isCommentType(type)) {
      const comment = CommentChildSchema.safeParse(raw);
      if (!comment.success) {
        reject(issues(comment));
        continue;
      }
      // The comment's author can differ from the updater (API calls made on someone's behalf).
      const authorId = comment.data.author_id ?? update.updater_id ?? null;
      body.push({
        ...baseOf(ctx, comment.data.id, comment.data.created_at),
        type: 'comment',
        public: comment.data.public ?? true,
        authorId,
        authorKind: roles.kindOf(authorId),
        channel: comment.data.via ?? update.via,
        isCreating: isCreate && !commentSeen,
      });
      commentSeen = true;
    } else if (type === 'SatisfactionRating') {
      const rating = SatisfactionChildSchema.safeParse(raw);
      if (!rating.success) {
        reject(issues(rating));
        continue;
      }
      body.push({
        ...baseOf(ctx, rating.data.id, rating.data.created_at),
        type: 'satisfaction',
        score: rating.data.score,
        assigneeId: rating.data.assignee_id ?? null,
      });
    }
    // Notification, Cc, and types Zendesk adds later carry nothing the metrics read.
  }
  return { events: [...born, ...body, ...statusChanges], quarantined };
}

function isCommentType(type: string | undefined): boolean {
  return type === 'Comment' || type === 'VoiceComment';
}
