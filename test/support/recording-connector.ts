import type {
  AppNotification,
  HelpdeskConnector,
  UserFieldSpec,
} from '../../src/connectors/connector.js';

export interface RecordingConnector {
  connector: HelpdeskConnector;
  calls: { method: string; args: unknown }[];
}

/** A connector whose write-back calls are recorded; reading from it throws (push-back only). */
export function recordingConnector(): RecordingConnector {
  const calls: RecordingConnector['calls'] = [];
  const unused = () => {
    throw new Error('not used by push-back');
  };
  const connector: HelpdeskConnector = {
    kind: 'zendesk',
    // Push-back records the 429s it met: none here.
    rateLimit: () => ({ count429: 0, remaining: null, limit: null }),
    currentUser: unused,
    ticketPages: unused,
    eventPages: unused,
    userPages: unused,
    organizationPages: unused,
    satisfactionPages: unused,
    timeEntryPages: unused,
    schedules: unused,
    ticketHistory: unused,
    async ensureUserFields(fields: readonly UserFieldSpec[]) {
      calls.push({ method: 'ensureUserFields', args: fields.map((f) => f.key) });
    },
    async updateUserFields(userId, values) {
      calls.push({ method: 'updateUserFields', args: { userId, values } });
    },
    async updateManyUserFields(updates) {
      calls.push({ method: 'updateManyUserFields', args: updates });
    },
    async notifyApp(notification: AppNotification) {
      calls.push({ method: 'notifyApp', args: notification });
    },
  };
  return { connector, calls };
}
