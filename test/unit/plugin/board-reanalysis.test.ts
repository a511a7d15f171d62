import { describe, expect, it } from 'vitest';
import { createBackend } from '../../../plugin/src/backend.js';
import { runBoard } from '../../../plugin/src/board/main.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import type { BoardDocument, ReanalysisProgress } from '../../../src/services/kpi/contracts.js';
import { makeDocument, text } from './dom-fixture.js';
import { ZafStandIn } from './zaf-stand-in.js';

const IDLE: ReanalysisProgress = {
  running: false,
  done: 0,
  total: 0,
  startedAt: null,
  finishedAt: null,
};

const boardDocument = (reanalysis: ReanalysisProgress): BoardDocument => ({
  from: '2024-03-01',
  to: '2024-03-28',
  previous: { from: '2024-02-02', to: '2024-02-29' },
  businessHours: false,
  attribution: 'assignee',
  kpis: [],
  reanalysis,
});

/** The board against a backend whose board document carries `reanalysis`. */
async function boardWith(reanalysis: ReanalysisProgress, locale = 'en') {
  const client = new ZafStandIn({}, (o) =>
    Promise.resolve(o.url.includes('/kpis/board') ? boardDocument(reanalysis) : { alerts: [] }),
  );
  const doc = makeDocument();
  const root = doc.getElementById('app') as HTMLElement;
  await runBoard({
    client,
    doc,
    win: doc.defaultView as unknown as Window,
    root,
    t: createTranslator(locale),
    backend: createBackend(client, 'https://dp.example.com'),
    businessHoursDefault: false,
  });
  return root;
}

describe('board: re-analysis notice', () => {
  it('says the history is being re-analysed, and how far it has got, while it runs', async () => {
    const root = await boardWith({
      running: true,
      done: 1234,
      total: 5000,
      startedAt: '2024-03-28T10:00:00.000Z',
      finishedAt: null,
    });
    const banner = root.querySelector('[data-reanalysis]');
    expect(banner?.getAttribute('role')).toBe('status');
    expect(text(banner)).toBe(
      'Re-analysing the history under changed settings: 1,234 of 5,000 tickets. Until it finishes, older numbers may still follow the old settings.',
    );
  });

  it('shows no notice once the re-analysis has finished or when none ran', async () => {
    const finished = {
      running: false,
      done: 5000,
      total: 5000,
      startedAt: '2024-03-28T10:00:00.000Z',
      finishedAt: '2024-03-28T10:05:00.000Z',
    };
    for (const progress of [IDLE, finished])
      expect((await boardWith(progress)).querySelector('[data-reanalysis]')).toBeNull();
  });

  it('says it in Italian with Italian numbers', async () => {
    const root = await boardWith(
      // Italian groups thousands from five digits on (CLDR's minimum grouping digits).
      { running: true, done: 12_345, total: 50_000, startedAt: null, finishedAt: null },
      'it',
    );
    expect(text(root.querySelector('[data-reanalysis]'))).toContain(
      'Rianalisi dello storico con le impostazioni cambiate: 12.345 di 50.000 ticket.',
    );
  });
});
