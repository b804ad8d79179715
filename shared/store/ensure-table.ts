import {
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  type DynamoDBClient,
  type TableStatus,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb'
import { AppError } from '../errors.js'
import { createTableInput, TTL_ATTRIBUTE } from './table-definition.js'

export type EnsureTableOutcome = 'created' | 'exists'

export interface EnsureTableOptions {
  /** How long to wait for a table another caller (or CloudFormation) is still creating. */
  activeTimeoutMs?: number
}

/**
 * Makes sure the table exists, is ACTIVE and has TTL on. Safe to call at every start and from
 * concurrent callers: whoever loses the CreateTable race gets ResourceInUse and just waits.
 * Only the caller whose CreateTable succeeded sees 'created'.
 */
export async function ensureTable(
  client: DynamoDBClient,
  tableName: string,
  options: EnsureTableOptions = {},
): Promise<EnsureTableOutcome> {
  try {
    let outcome: EnsureTableOutcome = 'exists'
    if ((await describeStatus(client, tableName)) === undefined) {
      outcome = await createTable(client, tableName)
    }
    await waitUntilUsable(client, tableName, options.activeTimeoutMs ?? 120_000)
    await enableTtl(client, tableName)
    return outcome
  } catch (error) {
    if (error instanceof AppError) throw error
    throw new AppError(
      'store.unavailable',
      `Could not ensure DynamoDB table "${tableName}": ${errorText(error)}`,
      { cause: error },
    )
  }
}

async function createTable(client: DynamoDBClient, tableName: string): Promise<EnsureTableOutcome> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName)))
    return 'created'
  } catch (error) {
    if (errorName(error) === 'ResourceInUseException') return 'exists'
    throw error
  }
}

async function describeStatus(
  client: DynamoDBClient,
  tableName: string,
): Promise<TableStatus | undefined> {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }))
    return Table?.TableStatus
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return undefined
    throw error
  }
}

/** UPDATING tables serve reads and writes; only CREATING must be waited out. */
async function waitUntilUsable(
  client: DynamoDBClient,
  tableName: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let delayMs = 50
  for (;;) {
    const status = await describeStatus(client, tableName)
    if (status === 'ACTIVE' || status === 'UPDATING') return
    if (status === 'DELETING' || status === 'ARCHIVING' || status === 'ARCHIVED') {
      throw new AppError(
        'store.unavailable',
        `DynamoDB table "${tableName}" is ${status}; wait for it to finish, then start again`,
      )
    }
    if (Date.now() + delayMs > deadline) {
      throw new AppError(
        'store.unavailable',
        `DynamoDB table "${tableName}" is still ${status ?? 'missing'} after ${timeoutMs} ms`,
      )
    }
    await new Promise((resolve) => setTimeout(resolve, delayMs))
    delayMs = Math.min(delayMs * 2, 2_000)
  }
}

async function enableTtl(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TimeToLiveDescription } = await client.send(
    new DescribeTimeToLiveCommand({ TableName: tableName }),
  )
  const status = TimeToLiveDescription?.TimeToLiveStatus
  if (status === 'ENABLED' || status === 'ENABLING') return
  try {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
      }),
    )
  } catch (error) {
    // A concurrent caller enabled it between our Describe and Update.
    if (errorName(error) === 'ValidationException' && /already enabled/i.test(errorText(error))) {
      return
    }
    throw error
  }
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
