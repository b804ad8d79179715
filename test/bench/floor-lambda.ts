import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb'
import { Hono } from 'hono'
import { handle } from 'hono/aws-lambda'

/**
 * The floor of `npm run bench:bundle`: the least a Lambda of this stack can be, a bare Hono
 * handler with one DynamoDB client, bundled as the functions are. Every function's init time is
 * reported as a multiple of this one's, measured in the same run.
 */
const client = new DynamoDBClient({ region: process.env.AWS_REGION })

const app = new Hono().get('/items/:id', async (c) => {
  const found = await client.send(
    new GetItemCommand({
      TableName: process.env.TABLE_NAME,
      Key: { pk: { S: c.req.param('id') }, sk: { S: 'ITEM' } },
    }),
  )
  return c.json({ found: Boolean(found.Item) })
})

export const handler = handle(app)
