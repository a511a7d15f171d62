import { sql as initial } from './001-initial.js';
import { sql as analysisOutbox } from './002-analysis-outbox.js';
import { sql as alerts } from './003-alerts.js';
import { sql as api } from './004-api.js';
import { sql as rateLimit } from './005-rate-limit.js';
import { sql as backlogRollups } from './006-backlog-rollups.js';
import { sql as surveyAnswers } from './007-survey-answers.js';
import { sql as alertMute } from './008-alert-mute.js';
import { sql as analysisSettings } from './009-analysis-settings.js';
import { sql as syncPasses } from './010-sync-passes.js';
import { sql as summaryVersions } from './011-summary-versions.js';
import { sql as directoryNames } from './012-directory-names.js';
import { sql as agreement } from './013-agreement.js';
import { sql as reasons } from './014-reasons.js';
import { sql as passProgress } from './015-pass-progress.js';
import { sql as periodRollups } from './016-period-rollups.js';
import { sql as health } from './017-health.js';
import { sql as surveyAnswerCounts } from './018-survey-answer-counts.js';
import { sql as timelinePacks } from './019-timeline-packs.js';
import { sql as whatifStoredValues } from './020-whatif-stored-values.js';
import { sql as dayPacks } from './021-day-packs.js';
import { sql as replayBlocks } from './022-replay-blocks.js';
import { sql as periodPacks } from './023-period-packs.js';
import { sql as timelineVersions } from './025-timeline-versions.js';
import { sql as agreementRulesVersion } from './026-agreement-rules-version.js';
import { sql as surveyTallies } from './027-survey-tallies.js';
import { sql as replayRebuildAsks } from './029-replay-rebuild-asks.js';
import { sql as outboxOrderClaims } from './030-outbox-order-claims.js';
import { sql as packDays } from './031-pack-days.js';
import { sql as outboxHold } from './032-outbox-hold.js';
import { sql as rollupUntil } from './033-rollup-until.js';

/** One schema change; `version` orders them and is what `schema_migrations` records. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/**
 * Every migration, oldest first. SQL lives in .ts modules so it ships inside the compiled code and
 * needs no file copying for `dist/`. Append only: never edit a migration that has been released.
 */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial', sql: initial },
  { version: 2, name: 'analysis-outbox', sql: analysisOutbox },
  { version: 3, name: 'alerts', sql: alerts },
  { version: 4, name: 'api', sql: api },
  { version: 5, name: 'rate-limit', sql: rateLimit },
  { version: 6, name: 'backlog-rollups', sql: backlogRollups },
  { version: 7, name: 'survey-answers', sql: surveyAnswers },
  { version: 8, name: 'alert-mute', sql: alertMute },
  { version: 9, name: 'analysis-settings', sql: analysisSettings },
  { version: 10, name: 'sync-passes', sql: syncPasses },
  { version: 11, name: 'summary-versions', sql: summaryVersions },
  { version: 12, name: 'directory-names', sql: directoryNames },
  { version: 13, name: 'agreement', sql: agreement },
  { version: 14, name: 'reasons', sql: reasons },
  { version: 15, name: 'pass-progress', sql: passProgress },
  { version: 16, name: 'period-rollups', sql: periodRollups },
  { version: 17, name: 'health', sql: health },
  { version: 18, name: 'survey-answer-counts', sql: surveyAnswerCounts },
  { version: 19, name: 'timeline-packs', sql: timelinePacks },
  { version: 20, name: 'whatif-stored-values', sql: whatifStoredValues },
  { version: 21, name: 'day-packs', sql: dayPacks },
  { version: 22, name: 'replay-blocks', sql: replayBlocks },
  { version: 23, name: 'period-packs', sql: periodPacks },
  { version: 25, name: 'timeline-versions', sql: timelineVersions },
  { version: 26, name: 'agreement-rules-version', sql: agreementRulesVersion },
  { version: 27, name: 'survey-tallies', sql: surveyTallies },
  { version: 29, name: 'replay-rebuild-asks', sql: replayRebuildAsks },
  { version: 30, name: 'outbox-order-claims', sql: outboxOrderClaims },
  { version: 31, name: 'pack-days', sql: packDays },
  { version: 32, name: 'outbox-hold', sql: outboxHold },
  { version: 33, name: 'rollup-until', sql: rollupUntil },
];
