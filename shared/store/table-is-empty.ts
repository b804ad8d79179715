import { ScanCommand } from '@aws-sdk/lib-dynamodb'
import type { TableContext } from './table-context.js'

/**
 * Whether the table holds nothing at all: what a job sees when it was pointed at the wrong data
 * (a DATA_DIR other than the server's). One item read, whatever the table's size.
 */
export async function tableIsEmpty(table: TableContext): Promise<boolean> {
  const page = await table.doc.send(
    new ScanCommand({ TableName: table.tableName, Limit: 1, ProjectionExpression: 'pk' }),
  )
  return (page.Items ?? []).length === 0 && !page.LastEvaluatedKey
}
