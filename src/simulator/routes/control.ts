import { Router } from 'express';
import { z } from 'zod';
import type { SimContext } from '../context.js';
import { HttpError } from '../http-util.js';
import { CHANGE_PRIORITIES, CHANGE_STATUSES, type TicketChange } from '../ticket-change.js';
import type { TicketUpdateResult } from '../webhooks.js';
import { ticketPayload } from '../wire.js';

const ChangeSchema = z
  .object({
    status: z.enum(CHANGE_STATUSES).optional(),
    priority: z.enum(CHANGE_PRIORITIES).optional(),
    comment: z.string().trim().min(1).max(65_536).optional(),
  })
  .strict();

/**
 * Test-bench controls, outside auth, rate limits and faults like the truth routes: update a given
 * ticket now (with its webhook) and read the report of the faults served so far.
 */
export function controlRoutes(
  ctx: SimContext,
  updateTicket: (index: number, change?: TicketChange) => Promise<TicketUpdateResult | null>,
): Router {
  const router = Router();
  const { dataset } = ctx;

  router.post('/__control/tickets/:id/update', async (req, res) => {
    const parsed = ChangeSchema.safeParse(req.body ?? {});
    if (!parsed.success) {
      throw new HttpError(400, {
        error: 'InvalidValue',
        description: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      });
    }
    const index = /^\d+$/.test(req.params.id) ? dataset.indexOfId(Number(req.params.id)) : null;
    // A ticket created after simulated now does not exist yet, as the API's reads say.
    if (index === null || dataset.ticket(index).sim.createdAt > ctx.now())
      throw new HttpError(404, { error: 'RecordNotFound', description: 'Not found' });
    const { status } = dataset.ticket(index).snap;
    if (status === 'closed' || status === 'deleted') {
      throw new HttpError(422, {
        error: 'RecordInvalid',
        description: `Status: ${status} prevents ticket update`,
      });
    }
    // No field given: the realistic next update the periodic webhooks make.
    const change = Object.keys(parsed.data).length === 0 ? undefined : stripUndefined(parsed.data);
    const result = await updateTicket(index, change);
    const { sim, snap } = dataset.ticket(index);
    res.json({
      ticket: ticketPayload(sim, snap),
      update: result === null ? null : { id: result.updateId, updated_at: result.updatedAt },
      webhook: result?.delivery ?? null,
    });
  });

  router.get('/__faults', (_req, res) => {
    res.json(ctx.faultLog.report());
  });

  return router;
}

// zod's optional keys read `T | undefined`; exactOptionalPropertyTypes wants them absent.
function stripUndefined(change: z.infer<typeof ChangeSchema>): TicketChange {
  return {
    ...(change.status === undefined ? {} : { status: change.status }),
    ...(change.priority === undefined ? {} : { priority: change.priority }),
    ...(change.comment === undefined ? {} : { comment: change.comment }),
  };
}
