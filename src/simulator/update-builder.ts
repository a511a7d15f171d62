import { TIME_FIELD_ID } from './catalog.js';
import type { SimField, SimSnapshot, SimTicket, SimUpdate } from './model.js';
import { childIdOf, updateIdOf } from './model.js';
import { intBetween, type Random } from './prng.js';

/** Appends children to one update while keeping the replayed state in step. */
export class UpdateBuilder {
  readonly update: SimUpdate;

  constructor(
    private readonly ticket: SimTicket,
    private readonly state: SimSnapshot,
    at: number,
    updaterId: number,
    via: string,
  ) {
    const id = updateIdOf(ticket.index, ticket.updates.length);
    this.update = { id, at, updaterId, via, children: [] };
    state.updatedAt = at;
  }

  private nextChildId(): number {
    return childIdOf(this.update.id, this.update.children.length);
  }

  /** A Create (first update) or Change child; unchanged values are skipped like Zendesk does. */
  set(field: SimField, value: string | number | null, create = false): this {
    const previous = current(this.state, field);
    if (!create && previous === value) return this;
    this.update.children.push({
      kind: 'field',
      id: this.nextChildId(),
      create,
      field,
      value,
      previous: create ? null : previous,
    });
    if (field === 'status') this.state.status = value as SimSnapshot['status'];
    else if (field === 'assignee_id') this.state.assigneeId = value as number | null;
    else if (field === 'group_id') this.state.groupId = value as number | null;
    else if (field === 'priority') this.state.priority = value as string | null;
    else this.state.fields.set(Number(field.slice('custom_fields_'.length)), value);
    return this;
  }

  comment(authorId: number, isPublic: boolean, text?: string): this {
    const body =
      text ??
      (isPublic
        ? `Reply ${this.update.children.length} on ticket ${this.ticket.id}`
        : 'Internal note');
    this.update.children.push({
      kind: 'comment',
      id: this.nextChildId(),
      authorId,
      public: isPublic,
      body,
    });
    return this;
  }

  rating(score: 'offered' | 'good' | 'bad'): this {
    const id = this.nextChildId();
    this.update.children.push({ kind: 'rating', id, score, assigneeId: this.state.assigneeId });
    this.state.satisfaction = score;
    this.state.ratingId ??= id;
    this.state.ratingCreatedAt ??= this.update.at;
    return this;
  }

  /** Time Tracking adds to the running total; the field holds the total as a string. */
  track(random: Random): this {
    const total = Number(this.state.fields.get(TIME_FIELD_ID) ?? 0) + intBetween(random, 30, 1200);
    return this.set(`custom_fields_${TIME_FIELD_ID}`, String(total));
  }

  commit(): SimUpdate {
    this.ticket.updates.push(this.update);
    return this.update;
  }
}

function current(state: SimSnapshot, field: SimField): string | number | null {
  if (field === 'status') return state.status;
  if (field === 'assignee_id') return state.assigneeId;
  if (field === 'group_id') return state.groupId;
  if (field === 'priority') return state.priority;
  return state.fields.get(Number(field.slice('custom_fields_'.length))) ?? null;
}
