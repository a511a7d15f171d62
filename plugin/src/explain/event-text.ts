import type { Translator } from '../i18n.js';
import { statusLabel } from '../sidebar/context-view.js';
import { formatDurationWhole } from '../format.js';
import type { ExplainEvent } from '../types.js';

/** Resolves a user id to the name the helpdesk gave them ("user 42" when it gave none). */
export type NameOf = (userId: string | null | undefined) => string;

/**
 * One event of a ticket's history as a sentence a team lead reads ("Public reply by Sam Agent"),
 * in the agent's language. Field values are shown as recorded; ids are resolved to names.
 */
export function eventText(t: Translator, e: ExplainEvent, nameOf: NameOf): string {
  const by = e.actorId === null ? '' : ` ${t('ui.explain.by', { name: nameOf(e.actorId) })}`;
  switch (e.type) {
    case 'status_change':
      return (
        (e.from === null
          ? t('ui.explain.event.created', { to: statusLabel(t, e.to) })
          : t('ui.explain.event.status', {
              from: statusLabel(t, e.from),
              to: statusLabel(t, e.to),
            })) + by
      );
    case 'comment': {
      const author = ` ${t('ui.explain.by', { name: nameOf(e.authorId ?? e.actorId) })}`;
      if (e.isCreating) return t('ui.explain.event.first_message') + author;
      return (e.public ? t('ui.explain.event.public_reply') : t('ui.explain.event.note')) + author;
    }
    case 'assignee_change':
      return t('ui.explain.event.assignee', { from: nameOf(e.from), to: nameOf(e.to) }) + by;
    case 'group_change':
      return t('ui.explain.event.group') + by;
    case 'field_change':
      return t('ui.explain.event.field', { field: e.field }) + by;
    case 'satisfaction':
      return t('ui.explain.event.satisfaction', { score: e.score });
    case 'survey_answer':
      return t('ui.explain.event.survey', { value: e.response.value });
    case 'handle_time':
      return t('ui.explain.event.handle_time', {
        value: formatDurationWhole(t, e.seconds),
        name: nameOf(e.agentId),
      });
    case 'schedule_change':
      return t('ui.explain.event.schedule') + by;
    case 'merge':
      return t('ui.explain.event.merge', { id: e.intoTicketId }) + by;
    case 'delete':
      return t('ui.explain.event.delete') + by;
  }
}
