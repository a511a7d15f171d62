import type { Request, Response } from 'express';
import { z } from 'zod';

const WritesSchema = z.object({
  writes: z.array(z.object({ method: z.string(), path: z.string(), body: z.unknown() })),
});
const NotifySchema = z.object({ event: z.string().min(1), body: z.unknown() });

/** One app notification as the stand-in receives it. */
export interface AppNotification {
  event: string;
  body: unknown;
}

/** Open app frames and the notifications relayed to them. */
export interface NotificationHub {
  /** Serves `GET /preview/zaf/events` (server-sent events) for one app frame. */
  subscribe(req: Request, res: Response): void;
  /** Ticket ids shown in open ticket sidebars, most recently opened first. */
  watchedTickets(): string[];
  /** Sends a notification to every open frame (what Zendesk does for apps notify without agent_id). */
  broadcast(notification: AppNotification): void;
  close(): void;
}

/**
 * Zendesk delivers `POST /api/v2/apps/notify.json` to the live app instances. The simulator
 * records those calls under `/__writes`, so while frames are open the hub polls it and relays new
 * notify calls to them; with no frame open it does not poll at all.
 */
export function createNotificationHub(options: {
  simulatorUrl: string;
  pollMs?: number;
  onError?: (error: unknown) => void;
}): NotificationHub {
  const frames = new Map<Response, string | null>();
  let seen: number | null = null;
  let timer: NodeJS.Timeout | null = null;
  let polling = false;

  const send = (notification: AppNotification) => {
    const line = `event: notification\ndata: ${JSON.stringify(notification)}\n\n`;
    for (const res of frames.keys()) res.write(line);
  };

  const poll = async () => {
    if (polling) return;
    polling = true;
    try {
      const response = await fetch(`${options.simulatorUrl}/__writes`);
      const { writes } = WritesSchema.parse(await response.json());
      // The first poll only sets the mark: notifications before a frame opened are not replayed,
      // as Zendesk delivers to live instances only.
      const from = seen ?? writes.length;
      seen = writes.length;
      for (const write of writes.slice(from)) {
        if (write.method !== 'POST' || write.path !== '/api/v2/apps/notify.json') continue;
        const parsed = NotifySchema.safeParse(write.body);
        if (parsed.success) send({ event: parsed.data.event, body: parsed.data.body });
      }
    } catch (error) {
      options.onError?.(error);
    } finally {
      polling = false;
    }
  };

  const stopIfIdle = () => {
    if (frames.size > 0 || timer === null) return;
    clearInterval(timer);
    timer = null;
    seen = null;
  };

  return {
    subscribe(req, res) {
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      res.write(': connected\n\n');
      const location = typeof req.query['location'] === 'string' ? req.query['location'] : '';
      const subject = typeof req.query['subject_id'] === 'string' ? req.query['subject_id'] : '';
      frames.set(res, location === 'ticket_sidebar' && subject !== '' ? subject : null);
      if (timer === null) {
        void poll();
        timer = setInterval(() => void poll(), options.pollMs ?? 1000);
        timer.unref();
      }
      req.on('close', () => {
        frames.delete(res);
        stopIfIdle();
      });
    },
    watchedTickets() {
      return [...frames.values()].filter((id) => id !== null).reverse();
    },
    broadcast: send,
    close() {
      for (const res of frames.keys()) res.end();
      frames.clear();
      stopIfIdle();
    },
  };
}
