import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads'
import { startStandInHelloAsso } from '../../functions/demo/stand-in-helloasso.js'
import type { Order } from '../../shared/helloasso/schemas.js'

/**
 * The stand-in HelloAsso on its own thread: HelloAsso's CPU is not ours, and a benchmark that
 * serves it from the main thread charges every order for it. The main thread puts orders and
 * waits for each to be known before posting its notification.
 */
export interface StandInThread {
  apiUrl: string
  tokenUrl: string
  clientId: string
  clientSecret: string
  putOrders(orders: Order[]): Promise<void>
  close(): Promise<void>
}

export async function startStandInThread(latencyMs: number): Promise<StandInThread> {
  // A worker does not inherit tsx's loader: it registers it, then loads this file.
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(import.meta.url)}) })`
  const worker = new Worker(boot, { eval: true, workerData: { latencyMs } })
  const next = () =>
    new Promise<Record<string, string>>((resolve, reject) => {
      worker.once('message', resolve)
      worker.once('error', reject)
    })
  const ready = await next()
  return {
    apiUrl: ready.apiUrl as string,
    tokenUrl: ready.tokenUrl as string,
    clientId: ready.clientId as string,
    clientSecret: ready.clientSecret as string,
    async putOrders(orders) {
      worker.postMessage({ orders })
      await next()
    },
    async close() {
      worker.postMessage({ close: true })
      await next()
      await worker.terminate()
    },
  }
}

async function serve(): Promise<void> {
  const standIn = await startStandInHelloAsso({ latencyMs: workerData.latencyMs })
  const port = parentPort
  if (!port) return
  port.on('message', async (message: { orders?: Order[]; close?: boolean }) => {
    for (const order of message.orders ?? []) standIn.fake.putOrder(order)
    if (message.close) await standIn.close()
    port.postMessage({})
  })
  port.postMessage({
    apiUrl: standIn.apiUrl,
    tokenUrl: standIn.tokenUrl,
    clientId: standIn.fake.clientId,
    clientSecret: standIn.fake.clientSecret,
  })
}

if (!isMainThread) await serve()
