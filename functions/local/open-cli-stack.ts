import { readdir } from 'node:fs/promises'
import { createConnection } from 'node:net'
import { join, resolve } from 'node:path'
import type { Env } from '../../shared/config/env.js'
import type { Logger } from '../../shared/log.js'
import { createLocalCore } from './create-local-core.js'
import { type LocalStack, startLocalStack } from './start-local-stack.js'

/**
 * The local stack for a command-line tool, without the HTTP apps (a tool serves nothing): it
 * uses the DynamoDB Local of a running `npm start` when there is one (two instances must not
 * share one data directory), else starts its own. The running one must serve this DATA_DIR's
 * data set, or the tool refuses (data-set.ts).
 */
export async function openCliStack(
  env: Env,
  options: { log?: Logger; readOnly?: boolean } = {},
): Promise<LocalStack & { dataLocation: string }> {
  const running = !env.DYNAMODB_ENDPOINT && (await portOpen(env.DYNAMODB_LOCAL_PORT))
  const stack = await startLocalStack(
    running ? { ...env, DYNAMODB_ENDPOINT: `http://127.0.0.1:${env.DYNAMODB_LOCAL_PORT}` } : env,
    createLocalCore,
    { ...options, tool: true, ...(running ? { runningServerPort: env.DYNAMODB_LOCAL_PORT } : {}) },
  )
  return { ...stack, dataLocation: dataLocation(env, running) }
}

/**
 * The DATA_DIR folder the tool would start its own DynamoDB Local on, when it holds no database
 * yet (so nothing to work on), known before starting Java; undefined when the data is elsewhere
 * (DYNAMODB_ENDPOINT, a running npm start) or the folder has a database.
 */
export async function emptyLocalDataFolder(env: Env): Promise<string | undefined> {
  if (env.DYNAMODB_ENDPOINT || (await portOpen(env.DYNAMODB_LOCAL_PORT))) return undefined
  const folder = resolve(join(env.DATA_DIR, 'dynamodb'))
  const files = await readdir(folder).catch(() => [])
  return files.some((name) => name.endsWith('.db')) ? undefined : folder
}

/** Where the data comes from, in the words of a message to the treasurer. */
function dataLocation(env: Env, running: boolean): string {
  if (env.DYNAMODB_ENDPOINT) return `la base DynamoDB ${env.DYNAMODB_ENDPOINT}`
  const folder = resolve(join(env.DATA_DIR, 'dynamodb'))
  return running
    ? `la base de npm start déjà lancé (DynamoDB Local, port ${env.DYNAMODB_LOCAL_PORT})`
    : `le dossier ${folder}`
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
