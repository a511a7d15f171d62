/**
 * The board counts survey answers per range and slice value (`countSurveyAnswers`). The answers
 * table is wide (each row keeps the answer's response document), so counting half a year of a
 * 1,000,000-ticket account read ~65 MB of rows for ~70,000 answers: ~140–400 ms of the unsliced
 * board's ~200 ms on a shared machine. The answered-at index now carries every column that count
 * reads, so it runs as an index-only scan over narrow index rows; it replaces the old index of
 * the same key, which every other reader of that key (the answer lists) uses unchanged.
 */
export const sql = /* sql */ `
CREATE INDEX ticket_survey_answers_responded_counts
  ON ticket_survey_answers (installation_id, kind, responded_at)
  INCLUDE (value, scale_min, scale_max, direction, group_id, assignee_id, channel, brand_id, tags);
DROP INDEX ticket_survey_answers_responded;
`;
