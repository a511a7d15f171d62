import { describe, expect, it } from 'vitest';
import { createBackend } from '../../../plugin/src/backend.js';
import { createTranslator } from '../../../plugin/src/i18n.js';
import { startHandleTime } from '../../../plugin/src/sidebar/handle-time.js';
import { HandleTimer } from '../../../plugin/src/sidebar/timer.js';
import type { ZafRequestOptions } from '../../../plugin/src/zaf.js';
import { makeDocument, text } from './dom-fixture.js';
import { ZafStandIn } from './zaf-stand-in.js';

const T0 = Date.parse('2024-03-10T09:00:00Z');

function clock() {
  let now = T0;
  let ids = 0;
  return {
    now: () => now,
    advance: (s: number) => (now += s * 1000),
    newId: () => `entry-${++ids}`,
  };
}

describe('HandleTimer', () => {
  it('counts only time in view and active, and takes it as entries', () => {
    const c = clock();
    const timer = new HandleTimer(c.now, c.newId);
    c.advance(60);
    timer.setVisible(false);
    c.advance(600); // another tab: not counted
    expect(timer.pausedBecause).toBe('hidden');
    timer.setVisible(true);
    c.advance(30);
    timer.setActive(false);
    c.advance(300); // idle: not counted
    expect(timer.elapsedSeconds()).toBe(90);
    expect(timer.take()).toEqual({
      entryId: 'entry-1',
      seconds: 90,
      startedAt: '2024-03-10T09:00:00.000Z',
      endedAt: '2024-03-10T09:16:30.000Z',
    });
    // Idle when taken, so nothing runs until the agent is back.
    c.advance(100);
    expect(timer.take()).toBeNull();
    timer.setActive(true);
    c.advance(5);
    expect(timer.take()).toMatchObject({ entryId: 'entry-2', seconds: 5 });
  });

  it('caps one entry at the API maximum of 12 hours', () => {
    const c = clock();
    const timer = new HandleTimer(c.now, c.newId);
    c.advance(50_000);
    expect(timer.take()?.seconds).toBe(43_200);
  });
});

/** Timers under the test's control: `fire()` runs what is due. */
function fakeWindow(c: ReturnType<typeof clock>) {
  let seq = 0;
  const timeouts = new Map<number, { at: number; fn: () => void }>();
  const listeners = new Map<string, (() => void)[]>();
  return {
    setTimeout(fn: () => void, ms?: number) {
      timeouts.set(++seq, { at: c.now() + (ms ?? 0), fn });
      return seq;
    },
    clearTimeout(id?: number) {
      timeouts.delete(id ?? -1);
    },
    setInterval: () => ++seq,
    addEventListener(type: string, fn: () => void) {
      listeners.set(type, [...(listeners.get(type) ?? []), fn]);
    },
    fire() {
      for (const [id, t] of [...timeouts]) {
        if (t.at > c.now()) continue;
        timeouts.delete(id);
        t.fn();
      }
    },
  };
}

const flushPromises = () => new Promise((r) => setTimeout(r, 0));

describe('handle-time wiring', () => {
  function setup(respond: (o: ZafRequestOptions) => Promise<unknown>) {
    const c = clock();
    const client = new ZafStandIn({}, respond);
    const doc = makeDocument();
    const win = fakeWindow(c);
    const widget = startHandleTime({
      client,
      doc,
      win: win as unknown as Window,
      backend: createBackend(client, 'https://dp.example.com/'),
      t: createTranslator('en'),
      ticketId: '7',
      agentId: '99',
      idleMs: 120_000,
      now: c.now,
      newId: c.newId,
    });
    return { c, client, win, widget };
  }

  it('posts the time on ticket.submit.done through the secure proxy, pausing when the app is deactivated or idle', async () => {
    const { c, client, win, widget } = setup(async () => ({ created: true }));
    c.advance(40);
    client.emit('app.deactivated');
    expect(text(widget.element)).toContain('paused: ticket not in view');
    c.advance(1000);
    client.emit('app.activated');
    c.advance(120);
    win.fire(); // 2 min without activity since activation: idle from here
    expect(text(widget.element)).toContain('paused: no activity');
    c.advance(500);
    client.emit('comment.text.changed'); // typing in Zendesk's editor counts as activity
    c.advance(10);
    client.emit('ticket.submit.done');
    await flushPromises();
    expect(client.requests).toHaveLength(1);
    const req = client.requests[0];
    expect(req).toMatchObject({
      url: 'https://dp.example.com/api/v1/tickets/7/handle-time',
      type: 'POST',
      secure: true,
      cors: false,
      headers: { Authorization: 'Bearer {{setting.app_secret}}' },
    });
    // 40 s before deactivation + 120 s until the idle timer fired + 10 s after typing.
    expect(JSON.parse(req?.data ?? '')).toMatchObject({
      entryId: 'entry-1',
      agentId: '99',
      seconds: 170,
    });
  });

  it('resends a failed entry with the same id, so a retry is idempotent; gives up on a 4xx', async () => {
    const answers: (() => Promise<unknown>)[] = [
      () => Promise.reject(Object.assign(new Error('down'), { status: 503 })),
      () => Promise.resolve({ created: true }),
      () => Promise.resolve({ created: true }),
    ];
    const { c, client, widget } = setup(() =>
      (
        answers.shift() ??
        (() => Promise.reject(Object.assign(new Error('invalid'), { status: 422 })))
      )(),
    );
    c.advance(20);
    await widget.flush();
    c.advance(5);
    client.emit('app.willDestroy');
    await flushPromises();
    const bodies = client.requests.map(
      (r) => JSON.parse(r.data ?? '') as { entryId: string; seconds: number },
    );
    expect(bodies.map((b) => [b.entryId, b.seconds])).toEqual([
      ['entry-1', 20],
      ['entry-1', 20],
      ['entry-2', 5],
    ]);
    c.advance(3);
    await widget.flush(); // answered 422: dropped, not retried forever
    c.advance(3);
    await widget.flush();
    expect(
      client.requests
        .map((r) => (JSON.parse(r.data ?? '') as { entryId: string }).entryId)
        .slice(3),
    ).toEqual(['entry-3', 'entry-4']);
  });
});
