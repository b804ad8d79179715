import { type DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb'
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb'
import { isConditionalCheckFailed, storeUnavailable } from './dynamo-errors.js'
import { keys } from './keys.js'
import type { TableContext } from './table-context.js'

/** A data set: an id, also written in its folder (DATA_DIR), and the folder that serves it. */
export interface DataSetIdentity {
  id: string
  /** The absolute DATA_DIR of the last process that opened the data set. */
  dataDir: string
  createdAt: string
}

type TableRef = Pick<TableContext, 'doc' | 'tableName'>

/** The identity recorded in the table; undefined when there is none, or no such table. */
export async function readDataSetIdentity(ctx: TableRef): Promise<DataSetIdentity | undefined> {
  try {
    const result = await ctx.doc.send(
      new GetCommand({
        TableName: ctx.tableName,
        Key: keys.dataSetIdentity(),
        ConsistentRead: true,
      }),
    )
    return result.Item ? toIdentity(result.Item) : undefined
  } catch (error) {
    if (error instanceof Error && error.name === 'ResourceNotFoundException') return undefined
    throw storeUnavailable('read data set identity', error)
  }
}

/**
 * Records the identity: the first process claims the table (a conditional put), a later one of
 * the same data set updates the folder it is served from. Returns what the table holds then:
 * another data set's identity when another process claimed it first.
 */
export async function recordDataSetIdentity(
  ctx: TableRef,
  identity: DataSetIdentity,
): Promise<DataSetIdentity> {
  try {
    await ctx.doc.send(
      new PutCommand({
        TableName: ctx.tableName,
        Item: { ...keys.dataSetIdentity(), ...identity },
        ConditionExpression: 'attribute_not_exists(pk) OR id = :id',
        ExpressionAttributeValues: { ':id': identity.id },
      }),
    )
    return identity
  } catch (error) {
    if (!isConditionalCheckFailed(error)) throw storeUnavailable('record data set identity', error)
  }
  return (await readDataSetIdentity(ctx)) ?? identity
}

/** The identities recorded in every table of a database: whose data sets it holds. */
export async function listDataSetIdentities(
  client: DynamoDBClient,
  ctx: Pick<TableContext, 'doc'>,
): Promise<DataSetIdentity[]> {
  const identities: DataSetIdentity[] = []
  let start: string | undefined
  do {
    const page = await client
      .send(new ListTablesCommand({ ...(start ? { ExclusiveStartTableName: start } : {}) }))
      .catch((cause) => {
        throw storeUnavailable('list tables', cause)
      })
    for (const tableName of page.TableNames ?? []) {
      const identity = await readDataSetIdentity({ doc: ctx.doc, tableName })
      if (identity) identities.push(identity)
    }
    start = page.LastEvaluatedTableName
  } while (start)
  return identities
}

function toIdentity(item: Record<string, unknown>): DataSetIdentity {
  return {
    id: String(item.id),
    dataDir: String(item.dataDir),
    createdAt: String(item.createdAt),
  }
}
