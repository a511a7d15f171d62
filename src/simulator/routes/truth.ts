import { once } from 'node:events';
import { Router } from 'express';
import type { SimContext } from '../context.js';
import type { QuarantineEntry } from '../dataset.js';

/**
 * Ground-truth and inspection endpoints. They sit outside auth, rate limits and faults: they are
 * for the test harness, not part of the Zendesk surface.
 */
export function truthRoutes(ctx: SimContext): Router {
  const router = Router();
  const { dataset } = ctx;

  router.get('/__truth/tickets.ndjson', async (_req, res) => {
    res.type('application/x-ndjson');
    for (let i = 0; i < dataset.size; i += 1) {
      // Respect backpressure so a million-ticket truth streams in constant memory; stop when
      // the client goes away.
      if (res.destroyed) return;
      if (!res.write(`${JSON.stringify(dataset.truth(i))}\n`)) {
        await Promise.race([once(res, 'drain'), once(res, 'close')]);
      }
    }
    res.end();
  });

  router.get('/__truth/summary', (_req, res) => {
    let events = 0;
    let deleted = 0;
    let planted = 0;
    const effect = dataset.spec.plantedEffect;
    for (let i = 0; i < dataset.size; i += 1) {
      const truth = dataset.truth(i);
      events += truth.events.length;
      if (truth.ticket.status === 'deleted') deleted += 1;
      if (effect !== undefined && truth.ticket.tags.includes(effect.tag)) planted += 1;
    }
    res.json({
      tickets: dataset.size,
      events,
      deleted,
      // The planted effect and how many tickets carry it: what a comparison must find.
      ...(effect === undefined ? {} : { plantedEffect: { ...effect, tickets: planted } }),
    });
  });

  router.get('/__truth/quarantine', (_req, res) => {
    const expectedQuarantine: QuarantineEntry[] = [];
    for (let i = 0; i < dataset.size; i += 1)
      expectedQuarantine.push(...dataset.truth(i).quarantine);
    res.json({ expectedQuarantine });
  });

  router.get('/__writes', (_req, res) => {
    res.json({ writes: ctx.writes });
  });

  return router;
}
