import { Router, type Request } from 'express';
import { userById } from '../catalog.js';
import type { SimContext } from '../context.js';
import { HttpError } from '../http-util.js';

/** Write-back endpoints: they validate lightly, record what they received and answer like Zendesk. */
export function writeRoutes(ctx: SimContext): Router {
  const router = Router();
  const record = (req: Request) => {
    ctx.writes.push({
      method: req.method,
      path: req.path,
      body: req.body as unknown,
      at: ctx.now(),
    });
  };

  router.get('/api/v2/user_fields.json', (_req, res) => {
    res.json({
      user_fields: ctx.userFields,
      next_page: null,
      previous_page: null,
      count: ctx.userFields.length,
    });
  });

  router.post('/api/v2/user_fields.json', (req, res) => {
    record(req);
    const field = (req.body as { user_field?: Record<string, unknown> } | undefined)?.user_field;
    if (typeof field?.['key'] !== 'string' || typeof field['title'] !== 'string') {
      throw new HttpError(422, {
        error: 'RecordInvalid',
        description: 'user_field.key and title are required',
      });
    }
    if (ctx.userFields.some((f) => f.key === field['key'])) {
      throw new HttpError(422, {
        error: 'RecordInvalid',
        description: 'Key has already been taken',
      });
    }
    const created = {
      id: 9_000_001 + ctx.userFields.length,
      key: field['key'],
      title: field['title'],
      type: typeof field['type'] === 'string' ? field['type'] : 'text',
      description: typeof field['description'] === 'string' ? field['description'] : '',
    };
    ctx.userFields.push(created);
    res.status(201).json({ user_field: created });
  });

  // Registered before `/users/:id.json`, which would otherwise take `update_many` as an id.
  router.put('/api/v2/users/update_many.json', (req, res) => {
    record(req);
    const users = (req.body as { users?: unknown } | undefined)?.users;
    if (!Array.isArray(users) || users.length === 0 || users.length > 100) {
      throw new HttpError(400, {
        error: 'InvalidValue',
        description: 'users must be an array of 1 to 100 users',
      });
    }
    // Unique per request: the recorded writes only grow.
    const id = `sim-job-${String(ctx.writes.length)}`;
    res.json({
      job_status: { id, status: 'completed', total: users.length, progress: users.length },
    });
  });

  router.put('/api/v2/users/:id.json', (req, res) => {
    record(req);
    const user = userById(ctx.dataset.population, Number(req.params.id));
    if (user === undefined)
      throw new HttpError(404, { error: 'RecordNotFound', description: 'Not found' });
    const fields =
      (req.body as { user?: { user_fields?: unknown } } | undefined)?.user?.user_fields ?? {};
    res.json({ user: { ...user, user_fields: fields } });
  });

  router.post('/api/v2/apps/notify.json', (req, res) => {
    record(req);
    res.json({});
  });

  return router;
}
