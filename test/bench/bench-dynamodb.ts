import { randomBytes } from 'node:crypto'
import { startDynamoDbLocal } from '../../functions/local/dynamodb-local.js'

export interface BenchDynamoDb {
  endpoint: string
  /** The table to use for `base`: unique on a shared DynamoDB Local. */
  tableName(base: string): string
  stop(): Promise<void>
}

/**
 * The DynamoDB Local a benchmark runs on: its own, started here, or the one at
 * BENCH_DYNAMODB_ENDPOINT. The suite's small runs pass the suite's own (benchmarks-run.test.ts):
 * a JVM started and warmed up per benchmark was a good part of their time, and their figures
 * mean nothing anyway. A full run starts its own, so that nothing else loads it.
 */
export async function benchDynamoDb(
  options: { readyTimeoutMs?: number } = {},
): Promise<BenchDynamoDb> {
  const shared = process.env.BENCH_DYNAMODB_ENDPOINT
  if (shared) {
    const suffix = randomBytes(4).toString('hex')
    return { endpoint: shared, tableName: (base) => `${base}-${suffix}`, stop: async () => {} }
  }
  const dynamo = await startDynamoDbLocal(options)
  return { endpoint: dynamo.endpoint, tableName: (base) => base, stop: () => dynamo.stop() }
}
