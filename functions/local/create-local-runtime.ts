import type { Context } from 'hono'
import { Hono } from 'hono'
import { publicBaseUrl } from '../../shared/config/env.js'
import { ingestSettingsFromEnv } from '../../shared/ingest/ingest-settings.js'
import { createJsonLogger, type Logger } from '../../shared/log.js'
import { staffAuthFromEnv } from '../../shared/staff/staff-auth-from-env.js'
import { createIngestApp } from '../ingest/app.js'
import { createPublicApp } from '../public/app.js'
import { clientIpFromEnv } from '../public/public-deps.js'
import { createStaffApp } from '../staff/app.js'
import { createStaffAuth } from '../staff/auth/staff-auth-middleware.js'
import { createStaffPages } from '../staff/pages/staff-pages.js'
import { createLocalCore, type LocalCore, type LocalCoreOptions } from './create-local-core.js'
import { createDeadLetterRoutes } from './dead-letter-routes.js'
import { loadOrCreateSessionKey } from './local-session-key.js'

export interface LocalRuntimeOptions extends Omit<LocalCoreOptions, 'log' | 'now'> {
  log?: Logger
  now?: () => Date
  /** Peer address of a request, from the HTTP server in use. */
  remoteAddress?: (c: Context) => string | undefined
}

/** The local core (create-local-core.ts) with every HTTP app of the product mounted on it. */
export interface LocalRuntime extends LocalCore {
  app: Hono
}

/** Every app of the product in one process, with local adapters: the shape of `npm start`. */
export async function createLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const log = options.log ?? createJsonLogger()
  const now = options.now ?? (() => new Date())
  const resolved = { ...options, log, now }
  const core = await createLocalCore(resolved)
  return { ...core, app: await createLocalApp(core, resolved) }
}

/** The ingest, public, dead-letter and (with a token or Cognito) staff apps, on one Hono app. */
async function createLocalApp(
  core: LocalCore,
  options: LocalRuntimeOptions & Pick<LocalCoreOptions, 'log' | 'now'>,
): Promise<Hono> {
  const { env, association, now, log } = options
  const { table, queue } = core
  const remoteAddress = options.remoteAddress ?? (() => undefined)
  const app = new Hono()
  app.route(
    '/',
    createIngestApp({
      config: association.config,
      table,
      queue,
      now,
      log,
      settings: ingestSettingsFromEnv(env, { requireSecret: false }),
      remoteAddress,
    }),
  )
  app.route(
    '/',
    createPublicApp({
      config: association.config,
      table,
      mailer: core.jobs.mailer,
      now,
      log,
      publicBaseUrl: publicBaseUrl(env),
      clientIp: clientIpFromEnv(env, remoteAddress),
      answerMs: env.DONOR_LINK_ANSWER_MS,
    }),
  )
  app.route(
    '/admin',
    createDeadLetterRoutes({ table, handle: core.handle, staffToken: env.STAFF_TOKEN }),
  )
  if (env.STAFF_TOKEN || env.STAFF_VIEWER_TOKEN || env.COGNITO_USER_POOL_ID) {
    const auth = createStaffAuth(
      staffAuthFromEnv(env, {
        orgId: association.config.id,
        secureCookies: false,
        log,
        localSessionKey: await loadOrCreateSessionKey(env.DATA_DIR),
      }),
    )
    app.route(
      '/',
      createStaffApp({
        deps: { config: association.config, table, queue, now, log, specimen: !core.verified },
        auth,
        pages: createStaffPages,
      }),
    )
  } else {
    app.all('/staff/*', (c) =>
      c.text('Espace équipe désactivé : définissez STAFF_TOKEN pour l’activer.', 404),
    )
  }
  return app
}
