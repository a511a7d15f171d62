import type { RunningSimulator } from '../simulator/index.js';
import type { NotificationHub } from './notifications.js';

/**
 * Keeps the demo moving: every `everySeconds` the simulator updates a ticket and sends the signed
 * webhook, so the backend re-syncs it, re-analyses it and pushes back — and the open sidebars
 * refresh. Tickets shown in an open sidebar go first (so the change is visible); otherwise a
 * recent ticket, since old ones are mostly closed and take no updates. Returns a stop function.
 */
export function startLiveUpdates(
  sim: RunningSimulator,
  hub: NotificationHub,
  everySeconds: number,
  log: (line: string) => void,
): () => void {
  let turn = 0;
  let running = false;
  const { dataset } = sim;
  const recent = () => {
    const window = Math.max(1, Math.floor(dataset.size / 5));
    return dataset.size - 1 - Math.floor(Math.random() * window);
  };
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const watched = hub.watchedTickets();
      turn += 1;
      // Every other update goes to an open sidebar's ticket, round robin; the rest anywhere.
      const first =
        turn % 2 === 1 ? watched[Math.floor(turn / 2) % Math.max(1, watched.length)] : undefined;
      const candidates = [first === undefined ? null : dataset.indexOfId(Number(first))];
      for (let k = 0; k < 20; k += 1) candidates.push(recent());
      for (const index of candidates) {
        if (index === null) continue;
        const result = await sim.updateTicket(index);
        if (result === null) continue;
        const delivered = result.delivery?.status ?? result.delivery?.error ?? 'not sent';
        log(`live: ticket ${result.ticketId} updated, webhook ${String(delivered)}`);
        return;
      }
    } catch (error) {
      log(`live: update failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), everySeconds * 1000);
  timer.unref();
  return () => {
    clearInterval(timer);
  };
}
