import { createConnection } from 'node:net'
import type { Env } from '../../shared/config/env.js'
import type { Logger } from '../../shared/log.js'
import { type LocalStack, startLocalStack } from './start-local-stack.js'

/**
 * The local stack for a command-line tool: it uses the DynamoDB Local of a running `npm start`
 * when there is one (two instances must not share one data directory), else starts its own.
 */
export async function openCliStack(env: Env, options: { log?: Logger } = {}): Promise<LocalStack> {
  const running = await portOpen(env.DYNAMODB_LOCAL_PORT)
  return startLocalStack(
    running && !env.DYNAMODB_ENDPOINT
      ? { ...env, DYNAMODB_ENDPOINT: `http://127.0.0.1:${env.DYNAMODB_LOCAL_PORT}` }
      : env,
    { ...options, tool: true },
  )
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
