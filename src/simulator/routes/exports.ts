import { Router, type Request } from 'express';
import { organizationAt, userAt, userCount } from '../catalog.js';
import type { SimContext } from '../context.js';
import type { QuarantineEntry } from '../dataset.js';
import {
  HttpError,
  decodeCursor,
  encodeCursor,
  pageSize,
  queryParam,
  selfUrl,
  startTimeMs,
} from '../http-util.js';
import { createRandom, shuffled } from '../prng.js';
import { metricSetPayload } from '../wire-extras.js';
import { ticketEventPayload, ticketPayload } from '../wire.js';

/** The incremental exports: tickets (cursor), ticket events (time), users (cursor), organisations (time). */
export function exportRoutes(ctx: SimContext): Router {
  const router = Router();
  const { dataset } = ctx;

  // Items changed within the last minute are left out, as Zendesk does.
  const cutoff = () => ctx.now() - 60_000;

  function startPosition(req: Request, first: (ms: number) => number): number {
    const cursor = queryParam(req, 'cursor');
    if (cursor === undefined) return first(startTimeMs(req, ctx.now(), true));
    const position = decodeCursor(cursor);
    if (position === null)
      throw new HttpError(400, { error: 'InvalidCursor', description: 'cursor is invalid' });
    return position;
  }

  /** The record's fault, counted in the fault report as it is served. */
  function servedRecordFault(req: Request, stream: QuarantineEntry['stream'], id: number) {
    const fault = dataset.recordFault(stream, id);
    if (fault !== null)
      ctx.faultLog.fault(fault === 'malformed' ? 'malformedRecords' : 'schemaDrift', req);
    return fault;
  }

  router.get('/api/v2/incremental/tickets/cursor.json', (req, res) => {
    let p = startPosition(req, (ms) => dataset.firstPositionFrom(ms));
    const perPage = pageSize(req, 1000, 1000);
    const excludeDeleted = queryParam(req, 'exclude_deleted') === 'true';
    const withMetrics = (queryParam(req, 'include') ?? '').split(',').includes('metric_sets');
    const tickets: unknown[] = [];
    const metricSets: unknown[] = [];
    const limit = cutoff();
    while (
      tickets.length < perPage &&
      p < dataset.positionCount() &&
      dataset.positionUpdatedAt(p) <= limit
    ) {
      const index = dataset.indexAtPosition(p);
      p += 1;
      if (index === null) continue;
      const { sim, snap } = dataset.ticket(index);
      if (excludeDeleted && snap.status === 'deleted') continue;
      tickets.push(ticketPayload(sim, snap, servedRecordFault(req, 'tickets', sim.id)));
      if (withMetrics) metricSets.push(metricSetPayload(sim, snap, dataset.spec.seed));
    }
    const endOfStream = p >= dataset.positionCount() || dataset.positionUpdatedAt(p) > limit;
    const after = encodeCursor(p);
    res.json({
      tickets,
      ...(withMetrics ? { metric_sets: metricSets } : {}),
      after_cursor: after,
      // The next URL keeps the request's options; only the cursor replaces start_time.
      after_url: selfUrl(req, req.path, {
        cursor: after,
        per_page: String(perPage),
        ...(withMetrics ? { include: 'metric_sets' } : {}),
        ...(excludeDeleted ? { exclude_deleted: 'true' } : {}),
      }),
      before_cursor: null,
      before_url: null,
      end_of_stream: endOfStream,
    });
  });

  router.get('/api/v2/incremental/ticket_events.json', (req, res) => {
    const fromMs = startTimeMs(req, ctx.now(), true);
    const perPage = pageSize(req, 1000, 1000);
    const withComments = (queryParam(req, 'include') ?? '').split(',').includes('comment_events');
    const page = dataset.updatesFrom(fromMs, cutoff(), perPage);
    ctx.pageCounter.value += 1;
    const random = createRandom(ctx.seed, 'page-faults', ctx.pageCounter.value);
    let items = page.updates;
    if (page.earlier !== null && random() < (ctx.pageFaults.duplicateEvents?.probability ?? 0)) {
      // An update already served on an earlier page comes back, as overlapping exports do.
      items = [...items];
      items.splice(Math.floor(random() * (items.length + 1)), 0, page.earlier);
      ctx.faultLog.fault('duplicateEvents', req);
    }
    if (random() < (ctx.pageFaults.outOfOrderEvents?.probability ?? 0)) {
      items = shuffled(random, items);
      ctx.faultLog.fault('outOfOrderEvents', req);
    }
    const lastSecond = Math.max(fromMs, ...page.updates.map((u) => u.update.at)) / 1000;
    const firstSecond = (page.updates[0]?.update.at ?? fromMs) / 1000;
    // A full page inside one second must still move the window on, or the client would loop.
    const endTime = page.more && firstSecond === lastSecond ? lastSecond + 1 : lastSecond;
    const extra = withComments ? { include: 'comment_events' } : {};
    res.json({
      ticket_events: items.map((u) =>
        ticketEventPayload(
          u.ticket,
          u.update,
          withComments,
          servedRecordFault(req, 'ticket_events', u.update.id),
        ),
      ),
      next_page: selfUrl(req, req.path, { start_time: String(endTime), ...extra }),
      count: items.length,
      end_time: endTime,
      end_of_stream: !page.more,
    });
  });

  router.get('/api/v2/incremental/users/cursor.json', (req, res) => {
    const pop = dataset.population;
    const first = (ms: number) => Math.max(0, Math.ceil((ms - pop.usersEpochMs) / 1000));
    let u = startPosition(req, first);
    const perPage = pageSize(req, 1000, 1000);
    const total = userCount(pop);
    const users: unknown[] = [];
    for (; users.length < perPage && u < total; u += 1) users.push(userAt(pop, u));
    const after = encodeCursor(u);
    res.json({
      users,
      after_cursor: after,
      after_url: selfUrl(req, req.path, { cursor: after }),
      before_cursor: null,
      before_url: null,
      end_of_stream: u >= total,
    });
  });

  router.get('/api/v2/incremental/organizations.json', (req, res) => {
    const pop = dataset.population;
    const fromMs = startTimeMs(req, ctx.now(), true);
    const perPage = pageSize(req, 1000, 1000);
    const first = Math.max(0, Math.ceil((fromMs - pop.usersEpochMs) / 1000));
    const organizations = [];
    for (let k = first; organizations.length < perPage && k < pop.organizations; k += 1) {
      organizations.push(organizationAt(pop, k));
    }
    const last = organizations.at(-1);
    const endTime = last === undefined ? fromMs / 1000 : Date.parse(last.updated_at) / 1000;
    res.json({
      organizations,
      next_page: selfUrl(req, req.path, { start_time: String(endTime) }),
      count: organizations.length,
      end_time: endTime,
      end_of_stream: first + perPage >= pop.organizations,
    });
  });

  return router;
}
