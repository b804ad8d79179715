import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { loadEnv } from '../../shared/config/env.js'
import { errorSummary } from '../../shared/errors.js'
import { createLocalRuntime } from './create-local-runtime.js'
import { startLocalStack } from './start-local-stack.js'
import { ensureSystemDependencies, systemDependenciesFor } from './system-dependencies.js'
import { createSystemProbe } from './system-probe.js'

/**
 * `npm start`: DynamoDB Local + every app on PORT, mail in $DATA_DIR/outbox. Never bundled into a
 * Lambda. Ctrl-C stops the HTTP server, lets running work finish, then stops DynamoDB Local.
 */
async function main(): Promise<void> {
  // Java first: a bare machine gets it installed (root on Debian/Ubuntu) or the command to run.
  const check = await ensureSystemDependencies(
    'start',
    systemDependenciesFor('start', process.env),
    createSystemProbe(),
  )
  if (!check.ok) {
    console.error(check.message)
    process.exit(1)
  }
  const env = loadEnv()
  const stack = await startLocalStack(env, (options) =>
    createLocalRuntime({ ...options, remoteAddress: (c) => getConnInfo(c).remote.address }),
  )
  const server = serve(
    { fetch: stack.runtime.app.fetch, port: env.PORT, hostname: env.HOST },
    (info) => {
      const base = `http://${env.HOST}:${info.port}`
      console.info(
        `Listening on ${base} — webhook: POST /webhooks/helloasso/<WEBHOOK_SECRET>, mail in ${stack.runtime.outboxDir}`,
      )
      console.info(
        `Public pages: ${base}/verifier (receipt verification, public key), ${base}/mes-recus (a donor's receipts)`,
      )
      // The staff page is mounted only with a token (or Cognito): say where it is, not the token.
      if (env.STAFF_TOKEN || env.STAFF_VIEWER_TOKEN || env.COGNITO_USER_POOL_ID)
        console.info(`Staff page: ${base}/staff (sign in with STAFF_TOKEN)`)
    },
  )
  // Loaded once serving: the checks (HelloAsso's forms, the review queue) need not delay it.
  void import('./start-up-checks.js').then(({ runStartUpChecks }) => runStartUpChecks(stack, env))
  server.on('error', async (error: NodeJS.ErrnoException) => {
    console.error(
      error.code === 'EADDRINUSE'
        ? `Port ${env.PORT} is already in use: stop the other process or set PORT.`
        : errorSummary(error),
    )
    await stack.stop()
    process.exit(1)
  })
  let stopping = false
  const shutdown = async (signal: string) => {
    if (stopping) return
    stopping = true
    console.info(`${signal}: stopping…`)
    server.close()
    await stack.stop()
    process.exit(0)
  }
  process.on('SIGINT', () => void shutdown('SIGINT'))
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
}

main().catch((error) => {
  console.error(errorSummary(error))
  process.exit(1)
})
