import { randomBytes } from 'node:crypto'
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb'
import { inject } from 'vitest'
import {
  createDynamoDbClients,
  type DynamoDbClients,
} from '../../shared/store/create-dynamodb-clients.js'
import { ensureTable } from '../../shared/store/ensure-table.js'
import type { TableDoc } from '../../shared/store/lean-document-client.js'

export interface TestTable {
  tableName: string
  client: DynamoDBClient
  doc: TableDoc
  endpoint: string
}

// One client pair per worker: every table lives on the same DynamoDB Local, and a pool of
// keep-alive sockets per table would only pile up.
let clients: DynamoDbClients | undefined

/** A fresh, uniquely named table on the run's DynamoDB Local: tests never see each other's data. */
export async function createTestTable(): Promise<TestTable> {
  const endpoint = inject('dynamoEndpoint')
  clients ??= createDynamoDbClients({ endpoint, region: 'eu-west-3' })
  const tableName = `test-${randomBytes(6).toString('hex')}`
  await ensureTable(clients.client, tableName)
  return { tableName, client: clients.client, doc: clients.doc, endpoint }
}
