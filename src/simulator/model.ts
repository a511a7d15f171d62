/**
 * The simulator's internal record of a ticket: a header plus its updates. Wire payloads and the
 * ground truth are both derived from it, so they cannot disagree.
 */

/** Ticket statuses as Zendesk writes them. */
export type SimStatus = 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed' | 'deleted';

/** A field a Create/Change child can set; ticket fields are keyed `custom_fields_<id>`. */
export type SimField =
  'status' | 'assignee_id' | 'group_id' | 'priority' | `custom_fields_${number}`;

/** One child event of an update. */
export type SimChild =
  | {
      kind: 'field';
      id: number;
      create: boolean;
      field: SimField;
      value: string | number | null;
      previous: string | number | null;
    }
  | { kind: 'comment'; id: number; authorId: number; public: boolean; body: string }
  | { kind: 'rating'; id: number; score: 'offered' | 'good' | 'bad'; assigneeId: number | null };

/** One ticket update (an audit): who, when, through which channel, and what changed. */
export interface SimUpdate {
  id: number;
  at: number;
  updaterId: number;
  via: string;
  children: SimChild[];
}

/** A generated ticket: immutable header facts and its time-ordered updates. */
export interface SimTicket {
  index: number;
  id: number;
  subject: string;
  /** The known problem the customer wrote about (problems.ts), and in which language. */
  problem: { id: string; language: 'en' | 'it' };
  /** The customer's first message (the creating comment; Zendesk's `description`). */
  firstMessage: string;
  channel: string;
  requesterId: number;
  submitterId: number;
  organizationId: number | null;
  brandId: number;
  tags: string[];
  scheduleId: number;
  /** A later update that moves the ticket to another schedule (schedule-assignment.ts), if any. */
  scheduleChange?: { updateId: number; scheduleId: number };
  createdAt: number;
  updates: SimUpdate[];
}

/** The state a ticket reaches after replaying its updates. */
export interface SimSnapshot {
  status: SimStatus;
  assigneeId: number | null;
  groupId: number | null;
  priority: string | null;
  fields: Map<number, string | number | null>;
  satisfaction: 'unoffered' | 'offered' | 'good' | 'bad';
  ratingId: number | null;
  ratingCreatedAt: number | null;
  updatedAt: number;
}

/** Replays updates into the ticket's current state. */
export function snapshotOf(ticket: SimTicket, fieldIds: readonly number[]): SimSnapshot {
  const snap: SimSnapshot = {
    status: 'new',
    assigneeId: null,
    groupId: null,
    priority: null,
    fields: new Map(fieldIds.map((id) => [id, null])),
    satisfaction: 'unoffered',
    ratingId: null,
    ratingCreatedAt: null,
    updatedAt: ticket.createdAt,
  };
  for (const update of ticket.updates) {
    snap.updatedAt = update.at;
    for (const child of update.children) {
      if (child.kind === 'rating') {
        snap.satisfaction = child.score;
        snap.ratingId ??= child.id;
        snap.ratingCreatedAt ??= update.at;
      }
      if (child.kind !== 'field') continue;
      if (child.field === 'status') snap.status = child.value as SimStatus;
      else if (child.field === 'assignee_id') snap.assigneeId = child.value as number | null;
      else if (child.field === 'group_id') snap.groupId = child.value as number | null;
      else if (child.field === 'priority') snap.priority = child.value as string | null;
      else snap.fields.set(Number(child.field.slice('custom_fields_'.length)), child.value);
    }
  }
  return snap;
}

/** Update ids are derived from (ticket index, sequence) so they are unique and reproducible. */
export function updateIdOf(index: number, seq: number): number {
  return 10_000_000_000 + index * 1000 + seq;
}

/** Child ids are derived from their update id. */
export function childIdOf(updateId: number, k: number): number {
  return updateId * 100 + k;
}
