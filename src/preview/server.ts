import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import express, { type Request, type Response } from 'express';
import {
  PREVIEW_LOCATIONS,
  STANDIN_PATH,
  fileInside,
  packageRoot,
  rewriteAppHtml,
  type AppPackage,
  type PreviewLocation,
} from './app-package.js';
import type { HelpdeskDirectory } from './directory.js';
import { frameData, previewLanguage, type FrameIdentity } from './frame.js';
import { createNotificationHub, type NotificationHub } from './notifications.js';
import {
  PAGE_SIZE,
  choicesPage,
  indexPage,
  locationPage,
  notFoundPage,
  ticketRecord,
  ticketsPage,
  type PreviewStatus,
} from './pages.js';
import { ProxyRequestSchema, proxyRequest, type ProxyOptions } from './proxy.js';

/** Options of {@link startPreviewHost}. */
export interface PreviewHostOptions {
  app: AppPackage;
  directory: HelpdeskDirectory;
  identity: FrameIdentity;
  proxy: ProxyOptions;
  status: PreviewStatus;
  /** 0 picks a free port. */
  port: number;
  host?: string;
  onError?: (error: unknown) => void;
}

/** A running preview host. */
export interface PreviewHost {
  url: string;
  notifications: NotificationHub;
  close(): Promise<void>;
}

const pageOf = (req: Request) => {
  const n = Number(req.query['page']);
  return Number.isInteger(n) && n > 0 ? n : 1;
};
// `?role=agent` on a preview page plays a signed-in user of that Zendesk role (default: the identity's).
const ROLE = /^[a-z][a-z_-]{0,31}$/;
const roleOf = (value: unknown) => (typeof value === 'string' && ROLE.test(value) ? value : null);
const isLocation = (value: unknown): value is PreviewLocation =>
  typeof value === 'string' && (PREVIEW_LOCATIONS as readonly string[]).includes(value);

/**
 * The local preview host: picker pages, a Zendesk-like page per location framing the real app
 * from plugin/assets (its SDK tag pointed at the stand-in), and the stand-in's endpoints — frame
 * data, the request proxy and app notifications.
 */
export async function startPreviewHost(options: PreviewHostOptions): Promise<PreviewHost> {
  const { app, directory, identity } = options;
  const staticDir = join(packageRoot(), 'src/preview/static');
  const notifications = createNotificationHub({
    simulatorUrl: options.status.simulatorUrl,
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
  const web = express();
  web.disable('x-powered-by');
  web.get('/', (_req, res) => {
    res.redirect('/preview');
  });
  web.get('/preview', (_req, res) => {
    res.type('html').send(indexPage(options.status));
  });
  web.get('/preview/tickets', (req, res) => {
    const page = pageOf(req);
    const { rows, total } = directory.tickets((page - 1) * PAGE_SIZE, PAGE_SIZE);
    res.type('html').send(ticketsPage(rows, page, total));
  });
  web.get('/preview/users', (req, res) => {
    const page = pageOf(req);
    const { rows, total } = directory.requesters((page - 1) * PAGE_SIZE, PAGE_SIZE);
    res.type('html').send(choicesPage('user', rows, page, total));
  });
  web.get('/preview/organizations', (req, res) => {
    const page = pageOf(req);
    const { rows, total } = directory.organizations((page - 1) * PAGE_SIZE, PAGE_SIZE);
    res.type('html').send(choicesPage('organization', rows, page, total));
  });

  const frameSrc = (req: Request, location: PreviewLocation, subjectId: string) => {
    const params = new URLSearchParams({
      origin: `${req.protocol}://${req.get('host') ?? ''}`,
      app_guid: randomUUID(),
      location,
      subject_id: subjectId,
      locale: previewLanguage(req.query['locale']),
    });
    const role = roleOf(req.query['role']);
    if (role !== null) params.set('role', role);
    return `/preview/app/${app.locations[location] ?? ''}?${params.toString()}`;
  };
  const showLocation =
    (location: PreviewLocation, wide: boolean) => (req: Request, res: Response) => {
      const id = typeof req.params['id'] === 'string' ? req.params['id'] : '';
      if (app.locations[location] === undefined) {
        res
          .status(404)
          .type('html')
          .send(notFoundPage(`The app's ${location} location`));
        return;
      }
      const ticket = location === 'ticket_sidebar' ? directory.ticket(id) : null;
      const title =
        location === 'ticket_sidebar'
          ? `Ticket #${id}`
          : location === 'user_sidebar'
            ? directory.user(id)?.name
            : location === 'organization_sidebar'
              ? directory.organization(id)?.name
              : 'KPI board';
      if (title === undefined || (location === 'ticket_sidebar' && ticket === null)) {
        res
          .status(404)
          .type('html')
          .send(notFoundPage(location.replace('_sidebar', '')));
        return;
      }
      res.type('html').send(
        locationPage({
          title,
          frameSrc: frameSrc(req, location, id),
          record: ticket === null ? null : ticketRecord(ticket),
          wide,
          language: previewLanguage(req.query['locale']),
        }),
      );
    };
  web.get('/preview/ticket/:id', showLocation('ticket_sidebar', false));
  web.get('/preview/user/:id', showLocation('user_sidebar', false));
  web.get('/preview/organization/:id', showLocation('organization_sidebar', false));
  web.get('/preview/board', showLocation('nav_bar', true));

  web.get(STANDIN_PATH, (_req, res) => {
    res.sendFile(join(staticDir, 'zaf-standin.js'), { headers: { 'cache-control': 'no-store' } });
  });
  web.use('/preview/static', express.static(staticDir, { index: false, fallthrough: false }));
  web.get('/preview/zaf/frame', (req, res) => {
    const { location, id, app_guid: guid, locale } = req.query;
    const role = roleOf(req.query['role']);
    const user =
      role === null ? identity : { ...identity, currentUser: { ...identity.currentUser, role } };
    const data =
      isLocation(location) && typeof id === 'string' && typeof guid === 'string'
        ? frameData(directory, user, location, id, guid, previewLanguage(locale))
        : null;
    if (data === null) {
      res.status(404).json({ error: { code: 'NOT_FOUND', message: 'no such frame subject' } });
      return;
    }
    res.set('cache-control', 'no-store').json(data);
  });
  web.post('/preview/zaf/request', express.json({ limit: '1mb' }), async (req, res) => {
    const parsed = ProxyRequestSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: { code: 'BAD_REQUEST', message: 'malformed proxy request' } });
      return;
    }
    res.json(await proxyRequest(parsed.data, options.proxy));
  });
  web.get('/preview/zaf/events', (req, res) => {
    notifications.subscribe(req, res);
  });
  // The app's package: only assets/, and its HTML with the SDK tag rewritten to the stand-in.
  web.use('/preview/app', async (req, res, next) => {
    const file = req.path.startsWith('/assets/') ? fileInside(app.assetsRoot, req.path) : null;
    if (file === null) {
      res.status(404).type('text').send('not found');
      return;
    }
    if (!file.endsWith('.html')) {
      res.sendFile(file, { headers: { 'cache-control': 'no-store' } }, (error) => {
        if (error !== undefined) next();
      });
      return;
    }
    try {
      const page = rewriteAppHtml(await readFile(file, 'utf8'));
      res.set('cache-control', 'no-store').type('html').send(page);
    } catch {
      next();
    }
  });
  web.use((_req, res) => {
    res.status(404).type('html').send(notFoundPage('Page'));
  });

  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<Server>((resolve, reject) => {
    const s = web.listen(options.port, host, (error?: Error) => {
      if (error === undefined) resolve(s);
      else reject(error);
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | null = null;
  return {
    url: `http://${host}:${port}`,
    notifications,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        // Event streams never end on their own: end them first, then drop idle sockets.
        notifications.close();
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
