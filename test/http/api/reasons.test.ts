import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ticket, TicketEvent } from '../../../src/domain/index.js';
import {
  ADMIN_TOKEN,
  call,
  installation,
  openTicket,
  seed,
  solvedTicket,
  T0,
  type ApiHarness,
  startApi,
} from './support.js';

const DAY = 86_400_000;
const day = (at: number) => new Date(at).toISOString().slice(0, 10);

/** A seeded ticket moved by `shiftMs`, with a subject, tags and custom fields of its own. */
function shaped(
  item: { ticket: Ticket; events: TicketEvent[] },
  extra: { subject: string; tags?: string[]; fields?: Ticket['customFields']; shiftMs?: number },
) {
  const shift = extra.shiftMs ?? 0;
  return {
    ticket: {
      ...item.ticket,
      subject: extra.subject,
      tags: extra.tags ?? [],
      customFields: extra.fields ?? {},
      createdAt: item.ticket.createdAt + shift,
      updatedAt: item.ticket.updatedAt + shift,
    },
    events: item.events.map((e) => ({ ...e, at: e.at + shift })),
  };
}

const billing = { '777': 'billing' };
const INVOICE = ['Invoice shows wrong amount', 'Wrong amount on invoice', 'Invoice amount wrong'];

let h: ApiHarness;
let a: Awaited<ReturnType<typeof installation>>;
const range = `from=${day(T0)}&to=${day(T0)}`;

beforeAll(async () => {
  h = await startApi();
  a = await installation(h);
  const current = [
    ...[1, 2, 3, 4].map((n) =>
      shaped(solvedTicket(`b${String(n)}`, `r${String(n)}`, 'o1'), {
        subject: INVOICE[n % 3] ?? '',
        fields: billing,
      }),
    ),
    // The field wins over a matching tag.
    shaped(solvedTicket('b5', 'r5', 'o1'), {
      subject: 'Invoice wrong amount again',
      fields: billing,
      tags: ['reason_shipping'],
    }),
    ...[1, 2].map((n) =>
      shaped(solvedTicket(`s${String(n)}`, `q${String(n)}`, 'o1'), {
        subject: 'Parcel lost by the courier',
        tags: ['vip', 'reason_shipping'],
      }),
    ),
    ...[1, 2].map((n) =>
      shaped(openTicket(`u${String(n)}`, `p${String(n)}`, 'o1'), { subject: `Hello ${String(n)}` }),
    ),
  ];
  const before = [1, 2].map((n) =>
    shaped(solvedTicket(`pb${String(n)}`, `r${String(n)}`, 'o1'), {
      subject: 'Invoice amount is wrong',
      fields: billing,
      shiftMs: -DAY,
    }),
  );
  await seed(h, a.id, [...before, ...current]);
  const saved = await call(h, 'PUT', `/api/v1/admin/installations/${a.id}/reason-settings`, {
    token: ADMIN_TOKEN,
    body: { fieldId: 777, tagPatterns: [{ pattern: 'reason_*' }] },
  });
  expect(saved.status).toBe(200);
}, 180_000);

afterAll(async () => {
  await h.close();
});

interface Item {
  key: string;
  volume: number;
  volumePerDay: number;
  share: number;
  previousVolume: number;
  change: number | null;
  weekly: number[];
  exampleTicketIds: string[];
  terms: string[];
  kpis: Record<
    string,
    { value: number | null; ci: { low: number; high: number } | null; n: number }
  >;
  cost: { resolutionHours: number };
}

describe('GET /api/v1/reasons', () => {
  it('counts each reason from the field first, then the tag patterns, ranked by cost', async () => {
    const res = await call(h, 'GET', `/api/v1/reasons?${range}`, { token: a.secret });
    expect(res.status).toBe(200);
    const report = res.json as { tickets: number; items: Item[]; previous: { from: string } };
    expect(report.tickets).toBe(9);
    expect(report.previous.from).toBe(day(T0 - DAY));
    expect(report.items.map((i) => [i.key, i.volume, i.previousVolume])).toEqual([
      ['billing', 5, 2],
      ['shipping', 2, 0],
      ['unspecified', 2, 0],
    ]);
    const [bill] = report.items;
    expect(bill?.share).toBeCloseTo(5 / 9, 10);
    expect(bill?.change).toBeCloseTo(1.5, 10);
    expect(bill?.weekly).toEqual([5]);
    expect(bill?.volumePerDay).toBe(5);
    expect(bill?.kpis['resolutionRate']?.value).toBe(1);
    const open = report.items.find((i) => i.key === 'unspecified');
    expect(open?.kpis['resolutionRate']).toMatchObject({ value: 0, n: 2 });
    // Every billing ticket took 2 h, none reopened, each had one public reply.
    expect(bill?.cost.resolutionHours).toBeCloseTo(10, 10);
    expect(bill?.kpis['resolutionSeconds']).toEqual({
      value: 7200,
      ci: { low: 7200, high: 7200 },
      n: 5,
    });
    // Wilson at 0 of 5: [0, z² / (n + z²)].
    const z2 = 1.959963984540054 ** 2;
    expect(bill?.kpis['reopenRate']?.value).toBe(0);
    expect(bill?.kpis['reopenRate']?.ci?.high).toBeCloseTo(z2 / (5 + z2), 10);
    expect(bill?.kpis['interactionsPerTicket']?.value).toBe(1);
    expect(bill?.kpis['interactionsPerTicket']?.ci).toEqual({ low: 1, high: 1 });
    expect(bill?.exampleTicketIds).toEqual(['b5', 'b4', 'b3']);
  });

  it('groups recurring problems from subjects, with stable ids and top terms', async () => {
    const first = await call(h, 'GET', `/api/v1/reasons?${range}&by=problem`, { token: a.secret });
    expect(first.status).toBe(200);
    const items = (first.json as { items: Item[] }).items;
    const invoice = items.find((i) => i.terms.includes('invoice'));
    expect(invoice?.volume).toBe(5);
    expect(invoice?.previousVolume).toBe(2);
    expect(invoice?.key).toMatch(/^p-[0-9a-f]{8}$/);
    const again = await call(h, 'GET', `/api/v1/reasons?${range}&by=problem`, { token: a.secret });
    expect((again.json as { items: Item[] }).items.map((i) => i.key)).toEqual(
      items.map((i) => i.key),
    );
  });

  it('drills down to the tickets of one reason, page by page', async () => {
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const after: string = cursor === null ? '' : `&cursor=${cursor}`;
      const res = await call(
        h,
        'GET',
        `/api/v1/reasons/tickets?${range}&key=billing&limit=2${after}`,
        {
          token: a.secret,
        },
      );
      expect(res.status).toBe(200);
      const page = res.json as { tickets: { ticketId: string }[]; nextCursor: string | null };
      ids.push(...page.tickets.map((t) => t.ticketId));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(ids.sort()).toEqual(['b1', 'b2', 'b3', 'b4', 'b5']);
  });

  it('exports the report as CSV', async () => {
    const res = await call(h, 'GET', `/api/v1/reasons/export.csv?${range}`, { token: a.secret });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = res.text.trim().split('\r\n');
    expect(lines).toHaveLength(4);
    expect(
      lines[0]?.startsWith('key,label,volume,volume_per_day,share,previous_volume,change,'),
    ).toBe(true);
    expect(lines[1]?.startsWith('billing,billing,5,5,')).toBe(true);
  });

  it.each([
    ['an unknown grouping', `/api/v1/reasons?${range}&by=topic`, 400, 'VALIDATION_FAILED'],
    [
      'a reversed range',
      `/api/v1/reasons?from=${day(T0)}&to=${day(T0 - DAY)}`,
      400,
      'VALIDATION_FAILED',
    ],
    ['an unknown key', `/api/v1/reasons/tickets?${range}&key=nothing`, 404, 'NOT_FOUND'],
    [
      'a foreign cursor',
      `/api/v1/reasons/tickets?${range}&key=billing&cursor=zz`,
      400,
      'VALIDATION_FAILED',
    ],
  ])('answers %s with a coded error', async (_what, path, status, code) => {
    const res = await call(h, 'GET', path, { token: a.secret });
    expect(res.status).toBe(status);
    expect((res.json as { error: { code: string } }).error.code).toBe(code);
  });
});

describe('recurring problems from first messages', () => {
  it('tells apart tickets whose subjects say nothing by their first messages', async () => {
    const other = await installation(h);
    const messages = [
      'The invoice shows the wrong amount, please correct the invoice amount',
      'The courier lost my parcel and the parcel never arrived',
    ];
    const items = Array.from({ length: 8 }, (_, n) => {
      const item = shaped(solvedTicket(`m${String(n)}`, `r${String(n)}`, 'o1'), {
        subject: 'Help needed',
      });
      return { ...item, ticket: { ...item.ticket, firstMessage: messages[n % 2] ?? '' } };
    });
    await seed(h, other.id, items);
    const res = await call(h, 'GET', `/api/v1/reasons?${range}&by=problem`, {
      token: other.secret,
    });
    expect(res.status).toBe(200);
    const report = res.json as { items: (Item & { label: string })[] };
    const groups = report.items.filter((i) => i.key !== 'ungrouped');
    expect(groups.map((g) => g.volume)).toEqual([4, 4]);
    const invoice = groups.find((g) => g.label.includes('invoic'));
    expect(invoice?.exampleTicketIds.every((id) => Number(id.slice(1)) % 2 === 0)).toBe(true);
  });
});

describe('reason settings', () => {
  it('reads back what was saved, and refuses patterns that would match every tag', async () => {
    const path = `/api/v1/admin/installations/${a.id}/reason-settings`;
    const read = await call(h, 'GET', path, { token: ADMIN_TOKEN });
    expect(read.json).toEqual({
      fieldId: '777',
      forms: [],
      tagPatterns: [{ pattern: 'reason_*' }],
    });
    for (const pattern of ['*', 'a*b*', 'has space']) {
      const res = await call(h, 'PUT', path, {
        token: ADMIN_TOKEN,
        body: { tagPatterns: [{ pattern }] },
      });
      expect(res.status).toBe(400);
    }
    const missing = await call(
      h,
      'GET',
      '/api/v1/admin/installations/00000000-0000-4000-8000-000000000000/reason-settings',
      {
        token: ADMIN_TOKEN,
      },
    );
    expect(missing.status).toBe(404);
  });
});
