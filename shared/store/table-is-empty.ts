import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import type { TableContext } from './table-context.js'

/**
 * Whether the table holds no data: what a job sees when it was pointed at the wrong data (a
 * DATA_DIR other than the server's). The data set's mode and identity items and the public
 * signing key, written by every process at start, are not data. A few items read, whatever the
 * table's size.
 */
export async function tableIsEmpty(table: TableContext): Promise<boolean> {
  const page = await table.doc.send(
    // Room for every start-up item (three kinds, a key or two) and one item of data.
    new ScanCommand({ TableName: table.tableName, Limit: 10, ProjectionExpression: 'pk, sk' }),
  )
  const data = (page.Items ?? []).filter(
    (item) => !isDataSetMetadata(item) && !isVerificationKey(item),
  )
  return data.length === 0 && !page.LastEvaluatedKey
}

function isDataSetMetadata(item: Record<string, unknown>): boolean {
  return (
    (item.sk === 'MODE' || item.sk === 'IDENTITY') &&
    typeof item.pk === 'string' &&
    item.pk.endsWith('#META')
  )
}

function isVerificationKey(item: Record<string, unknown>): boolean {
  return typeof item.pk === 'string' && item.pk.endsWith('#VERIFICATION-KEYS')
}
