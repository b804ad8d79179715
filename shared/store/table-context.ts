import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb'

/** What every store function needs: the document client, the table, and whose data it is. */
export interface TableContext {
  doc: DynamoDBDocumentClient
  tableName: string
  orgId: string
}
