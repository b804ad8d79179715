import { type ChildProcess, fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { Order } from '../../shared/helloasso/schemas.js'

/**
 * The stand-in HelloAsso in a process of its own: HelloAsso's CPU is not ours. A benchmark that
 * serves it from the measured process (even from a worker thread, which process.cpuUsage()
 * counts) charges every order for it. The parent puts orders and waits for each batch to be
 * known before posting their notifications.
 */
export interface StandInHelloAsso {
  apiUrl: string
  tokenUrl: string
  clientId: string
  clientSecret: string
  putOrders(orders: Order[]): Promise<void>
  close(): Promise<void>
}

const CHILD_FLAG = 'BENCH_STAND_IN_HELLOASSO_LATENCY_MS'

export async function startStandInProcess(latencyMs: number): Promise<StandInHelloAsso> {
  const child = fork(fileURLToPath(import.meta.url), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, [CHILD_FLAG]: String(latencyMs) },
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const next = () => nextMessage(child)
  const ready = await next()
  return {
    apiUrl: ready.apiUrl as string,
    tokenUrl: ready.tokenUrl as string,
    clientId: ready.clientId as string,
    clientSecret: ready.clientSecret as string,
    async putOrders(orders) {
      child.send({ orders })
      await next()
    },
    async close() {
      child.send({ close: true })
      await next()
      child.disconnect()
    },
  }
}

function nextMessage(child: ChildProcess): Promise<Record<string, string>> {
  return new Promise((resolve, reject) => {
    const failed = (code: number | null) => reject(new Error(`stand-in HelloAsso exited ${code}`))
    child.once('exit', failed)
    child.once('message', (message) => {
      child.off('exit', failed)
      resolve(message as Record<string, string>)
    })
  })
}

async function serve(latencyMs: number): Promise<void> {
  // Loaded here, in the child only: msw is half a second of imports the benchmark's process
  // has no use for.
  const { startStandInHelloAsso } = await import('../../functions/demo/stand-in-helloasso.js')
  const standIn = await startStandInHelloAsso({ latencyMs })
  // A benchmark that fails exits without closing us: its server would keep this process alive.
  process.once('disconnect', () => process.exit(0))
  process.on('message', async (message: { orders?: Order[]; close?: boolean }) => {
    for (const order of message.orders ?? []) standIn.fake.putOrder(order)
    if (message.close) await standIn.close()
    process.send?.({})
  })
  process.send?.({
    apiUrl: standIn.apiUrl,
    tokenUrl: standIn.tokenUrl,
    clientId: standIn.fake.clientId,
    clientSecret: standIn.fake.clientSecret,
  })
}

const latency = process.env[CHILD_FLAG]
if (latency !== undefined && process.send) await serve(Number(latency))
