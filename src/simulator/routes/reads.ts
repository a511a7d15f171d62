import { Router } from 'express';
import { SCHEDULES, SLA_POLICIES, TICKET_FIELDS, userAt, userById } from '../catalog.js';
import type { SimContext } from '../context.js';
import { firstIndexUpdatedFrom } from '../generator.js';
import {
  HttpError,
  cursorPage,
  decodeCursor,
  encodeCursor,
  pageSize,
  queryParam,
  selfUrl,
} from '../http-util.js';
import { ratingPayload } from '../wire-extras.js';
import { auditPayload, ticketPayload } from '../wire.js';

const RAILS_NAMES: Readonly<Record<string, string>> = {
  'America/New_York': 'Eastern Time (US & Canada)',
  'Europe/London': 'London',
};

/**
 * The non-export reads: the current user, users by id, schedules, SLA policies, CSAT ratings, ticket fields, one
 * ticket's history.
 */
export function readRoutes(ctx: SimContext): Router {
  const router = Router();
  const { dataset } = ctx;

  router.get('/api/v2/users/show_many.json', (req, res) => {
    const ids = (queryParam(req, 'ids') ?? '')
      .split(',')
      .filter((s) => s !== '')
      .slice(0, 100);
    const users = ids
      .map((id) => userById(dataset.population, Number(id)))
      .filter((u) => u !== undefined);
    res.json({ users });
  });

  // The auth guard already refused wrong credentials; the accepted ones act as the first admin.
  router.get('/api/v2/users/me.json', (_req, res) => {
    res.json({ user: userAt(dataset.population, 0) });
  });

  router.get('/api/v2/business_hours/schedules.json', (_req, res) => {
    res.json({
      schedules: SCHEDULES.map((s) => ({
        id: Number(s.id),
        name: s.name,
        // Zendesk answers with the Rails name the admin picked, not the IANA one.
        time_zone: RAILS_NAMES[s.timeZone] ?? s.timeZone,
        intervals: s.intervals.map((i) => ({ start_time: i.startMinute, end_time: i.endMinute })),
      })),
    });
  });

  router.get('/api/v2/business_hours/schedules/:id/holidays.json', (req, res) => {
    const schedule = SCHEDULES.find((s) => s.id === req.params.id);
    if (schedule === undefined)
      throw new HttpError(404, { error: 'RecordNotFound', description: 'Not found' });
    res.json({
      holidays: schedule.holidays.map((h, k) => ({
        id: Number(schedule.id) * 100 + k + 1,
        name: h.name,
        start_date: h.startDate,
        end_date: h.endDate,
      })),
    });
  });

  router.get('/api/v2/slas/policies.json', (_req, res) => {
    res.json({
      sla_policies: SLA_POLICIES,
      next_page: null,
      previous_page: null,
      count: SLA_POLICIES.length,
    });
  });

  router.get('/api/v2/satisfaction_ratings.json', (req, res) => {
    const size = pageSize(req, 100, 100);
    const startSeconds = Number(queryParam(req, 'start_time') ?? '0');
    const startMs = Number.isFinite(startSeconds) ? startSeconds * 1000 : 0;
    const after = queryParam(req, 'page[after]');
    let i =
      after === undefined
        ? firstIndexUpdatedFrom(dataset.spec, startMs)
        : (decodeCursor(after) ?? dataset.size);
    const ratings: Record<string, unknown>[] = [];
    const limit = ctx.now() - 60_000;
    for (; ratings.length < size && i < dataset.size; i += 1) {
      const { sim, snap } = dataset.ticket(i);
      const rating = ratingPayload(sim, snap);
      if (rating === null) continue;
      const updatedAt = Date.parse(String(rating['updated_at']));
      if (updatedAt >= startMs && updatedAt <= limit) ratings.push(rating);
    }
    const hasMore = i < dataset.size;
    const cursor = encodeCursor(i);
    res.json({
      satisfaction_ratings: ratings,
      meta: { has_more: hasMore, after_cursor: hasMore ? cursor : null, before_cursor: null },
      links: {
        next: hasMore
          ? selfUrl(req, req.path, { 'page[size]': String(size), 'page[after]': cursor })
          : null,
        prev: null,
      },
    });
  });

  router.get('/api/v2/ticket_fields.json', (_req, res) => {
    res.json({
      ticket_fields: TICKET_FIELDS.map((f) => ({
        id: f.id,
        title: f.title,
        type: f.type,
        active: true,
      })),
    });
  });

  const findTicket = (raw: string) => {
    const index = dataset.indexOfId(Number(raw));
    if (index === null)
      throw new HttpError(404, { error: 'RecordNotFound', description: 'Not found' });
    const loaded = dataset.ticket(index);
    // Only a ticket created after now does not exist yet. A live update may sit up to a few
    // seconds ahead (mutate keeps a ticket's update times strictly increasing), and hiding the
    // ticket then would answer a webhook's refresh with a 404 that Zendesk never gives.
    if (loaded.sim.createdAt > ctx.now())
      throw new HttpError(404, { error: 'RecordNotFound', description: 'Not found' });
    return loaded;
  };

  router.get('/api/v2/tickets/:id.json', (req, res) => {
    const { sim, snap } = findTicket(req.params.id);
    res.json({ ticket: ticketPayload(sim, snap) });
  });

  router.get('/api/v2/tickets/:id/audits.json', (req, res) => {
    const { sim } = findTicket(req.params.id);
    const { items, meta, links } = cursorPage(req, sim.updates, 100);
    res.json({ audits: items.map((u) => auditPayload(sim, u)), meta, links });
  });

  return router;
}
