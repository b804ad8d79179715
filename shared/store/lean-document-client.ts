import { Agent as HttpAgent, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import {
  ConditionalCheckFailedException,
  DynamoDBServiceException,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactionConflictException,
} from '@aws-sdk/client-dynamodb'
import {
  BatchGetCommand,
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  ScanCommand,
  TransactGetCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb'
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb'
import type { AwsCredentials } from '../aws/aws-json-api.js'
import { createSignerV4 } from '../aws/sign-v4.js'

/** What the store asks of a document client: `send` one of lib-dynamodb's commands. */
export type TableDoc = Pick<DynamoDBDocumentClient, 'send'>

type Item = Record<string, unknown>
type Wire = Record<string, unknown>

/** How each command's input and output carry items, keys and values (marshalled on the wire). */
interface Operation {
  name: string
  input(input: Item): Wire
  output(output: Wire): Item
}

const toWire = (value: unknown) =>
  value === undefined ? undefined : marshall(value as Item, { removeUndefinedValues: true })
const fromWire = (value: unknown) =>
  value === undefined ? undefined : unmarshall(value as Parameters<typeof unmarshall>[0])
const mapValues = (record: unknown, map: (value: unknown) => unknown) =>
  record === undefined
    ? undefined
    : Object.fromEntries(Object.entries(record as Item).map(([key, value]) => [key, map(value)]))

/** Marshals the listed fields of `input` (items, keys, expression values). */
function withWire(input: Item, fields: readonly string[]): Wire {
  const wire: Wire = { ...input }
  for (const field of fields) if (input[field] !== undefined) wire[field] = toWire(input[field])
  return wire
}

function withItems(output: Wire, fields: readonly string[]): Item {
  const item: Item = { ...output }
  for (const field of fields) if (output[field] !== undefined) item[field] = fromWire(output[field])
  return item
}

const KEY_VALUES = ['Key', 'ExpressionAttributeValues'] as const
const writeItem = (entry: Item) => {
  const [kind, body] = Object.entries(entry)[0] as [string, Item]
  return { [kind]: withWire(body, ['Item', ...KEY_VALUES]) }
}

const OPERATIONS = new Map<unknown, Operation>([
  [
    GetCommand,
    { name: 'GetItem', input: (i) => withWire(i, ['Key']), output: (o) => withItems(o, ['Item']) },
  ],
  [
    PutCommand,
    {
      name: 'PutItem',
      input: (i) => withWire(i, ['Item', 'ExpressionAttributeValues']),
      output: (o) => withItems(o, ['Attributes']),
    },
  ],
  [
    UpdateCommand,
    {
      name: 'UpdateItem',
      input: (i) => withWire(i, KEY_VALUES),
      output: (o) => withItems(o, ['Attributes']),
    },
  ],
  [
    DeleteCommand,
    {
      name: 'DeleteItem',
      input: (i) => withWire(i, KEY_VALUES),
      output: (o) => withItems(o, ['Attributes']),
    },
  ],
  [
    QueryCommand,
    {
      name: 'Query',
      input: (i) => withWire(i, ['ExpressionAttributeValues', 'ExclusiveStartKey']),
      output: (o) => ({
        ...withItems(o, ['LastEvaluatedKey']),
        ...(o.Items ? { Items: (o.Items as Wire[]).map(fromWire) } : {}),
      }),
    },
  ],
  [
    ScanCommand,
    {
      name: 'Scan',
      input: (i) => withWire(i, ['ExpressionAttributeValues', 'ExclusiveStartKey']),
      output: (o) => ({
        ...withItems(o, ['LastEvaluatedKey']),
        ...(o.Items ? { Items: (o.Items as Wire[]).map(fromWire) } : {}),
      }),
    },
  ],
  [
    BatchGetCommand,
    {
      name: 'BatchGetItem',
      input: (i) => ({ ...i, RequestItems: mapValues(i.RequestItems, keysAndAttributes(toWire)) }),
      output: (o) => ({
        ...o,
        Responses: mapValues(o.Responses, (items) => (items as Wire[]).map(fromWire)),
        UnprocessedKeys: mapValues(o.UnprocessedKeys, keysAndAttributes(fromWire)),
      }),
    },
  ],
  [
    BatchWriteCommand,
    {
      name: 'BatchWriteItem',
      input: (i) => ({ ...i, RequestItems: mapValues(i.RequestItems, writeRequests(toWire)) }),
      output: (o) => ({
        ...o,
        UnprocessedItems: mapValues(o.UnprocessedItems, writeRequests(fromWire)),
      }),
    },
  ],
  [
    TransactWriteCommand,
    {
      name: 'TransactWriteItems',
      input: (i) => ({ ...i, TransactItems: (i.TransactItems as Item[]).map(writeItem) }),
      output: (o) => o,
    },
  ],
  [
    TransactGetCommand,
    {
      name: 'TransactGetItems',
      input: (i) => ({
        ...i,
        TransactItems: (i.TransactItems as { Get: Item }[]).map(({ Get }) => ({
          Get: withWire(Get, ['Key']),
        })),
      }),
      output: (o) => ({
        ...o,
        ...(o.Responses
          ? { Responses: (o.Responses as Wire[]).map((r) => withItems(r, ['Item'])) }
          : {}),
      }),
    },
  ],
])

function keysAndAttributes(convert: (value: unknown) => unknown) {
  return (entry: unknown) => {
    const value = entry as Item
    return { ...value, Keys: (value.Keys as unknown[]).map(convert) }
  }
}

function writeRequests(convert: (value: unknown) => unknown) {
  return (requests: unknown) =>
    (requests as Item[]).map((request) => {
      const put = request.PutRequest as Item | undefined
      const remove = request.DeleteRequest as Item | undefined
      return {
        ...(put ? { PutRequest: { ...put, Item: convert(put.Item) } } : {}),
        ...(remove ? { DeleteRequest: { ...remove, Key: convert(remove.Key) } } : {}),
      }
    })
}

// Errors as the SDK throws them, the same classes, names and fields (CancellationReasons).
const ERRORS: Record<string, new (options: never) => DynamoDBServiceException> = {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  TransactionCanceledException,
  TransactionConflictException,
}

function errorOf(name: string, status: number, body: Wire): DynamoDBServiceException {
  const { __type, message, Message, ...details } = body
  const options = {
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: String(message ?? Message ?? name),
    ...(Message === undefined ? {} : { Message }),
    ...details,
  }
  const Known = ERRORS[name]
  return Known ? new Known(options as never) : new DynamoDBServiceException(options as never)
}

// The SDK's standard retry mode for DynamoDB: 4 attempts, full jitter, on throttling, 5xx and
// dropped connections. Transaction conflicts are the caller's to retry (with-next-number.ts).
const ATTEMPTS = 4
const RETRYABLE_TYPES = new Set([
  'ThrottlingException',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'TransactionInProgressException',
  'LimitExceededException',
  'InternalServerError',
  'ServiceUnavailable',
])
const RETRYABLE_SOCKET_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'])

export interface LeanDocumentClientOptions {
  /** `https://dynamodb.<region>.amazonaws.com` or DynamoDB Local. */
  endpoint: string
  region: string
  credentials: AwsCredentials
  maxSockets: number
}

/**
 * The document client of the store, without the SDK's per-call machinery: lib-dynamodb's own
 * commands, marshalled by util-dynamodb as the DocumentClient does (removeUndefinedValues),
 * sent as DynamoDB's JSON protocol over a keep-alive agent and signed with node:crypto.
 * A DynamoDB call cost 1 to 2 ms of CPU through the SDK against 0.3 to 0.6 ms here, and an
 * order makes fourteen of them (docs/performance.md). The SDK's DocumentClient stays for what
 * this one cannot do: credentials that are not static (a profile, SSO).
 */
export function createLeanDocumentClient(options: LeanDocumentClientOptions): TableDoc {
  const url = new URL(options.endpoint)
  const secure = url.protocol === 'https:'
  const agentOptions = { keepAlive: true, maxSockets: options.maxSockets }
  const agent = secure ? new HttpsAgent(agentOptions) : new HttpAgent(agentOptions)
  const sign = createSignerV4(options.credentials, options.region, 'dynamodb')

  const post = (operation: string, body: string) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const headers = sign({
        host: url.host,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `DynamoDB_20120810.${operation}`,
        },
        body,
      })
      const send = secure ? httpsRequest : httpRequest
      const request = send(
        {
          agent,
          protocol: url.protocol,
          hostname: url.hostname,
          port: url.port,
          method: 'POST',
          path: '/',
          headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        },
        (response) => {
          const chunks: Buffer[] = []
          response.on('data', (chunk: Buffer) => chunks.push(chunk))
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString() }),
          )
          response.on('error', reject)
        },
      )
      request.on('error', reject)
      request.end(body)
    })

  async function call(operation: string, input: Wire): Promise<Wire> {
    const body = JSON.stringify(input)
    for (let attempt = 1; ; attempt++) {
      let answer: { status: number; text: string }
      try {
        answer = await post(operation, body)
      } catch (error) {
        const code = (error as { code?: string }).code
        if (attempt < ATTEMPTS && code && RETRYABLE_SOCKET_ERRORS.has(code)) {
          await pause(attempt)
          continue
        }
        throw error
      }
      const parsed = (answer.text ? JSON.parse(answer.text) : {}) as Wire
      if (answer.status === 200) return parsed
      const name = String(parsed.__type ?? 'UnknownError').replace(/^.*#/, '')
      if (attempt < ATTEMPTS && (answer.status >= 500 || RETRYABLE_TYPES.has(name))) {
        await pause(attempt)
        continue
      }
      throw errorOf(name, answer.status, parsed)
    }
  }

  const send = async (command: { input: unknown }) => {
    const operation = OPERATIONS.get(command.constructor)
    if (!operation) throw new Error(`the store does not send ${command.constructor.name} commands`)
    const output = await call(operation.name, operation.input(command.input as Item))
    return { ...operation.output(output), $metadata: {} }
  }
  return { send: send as unknown as TableDoc['send'] }
}

function pause(attempt: number): Promise<void> {
  return new Promise((resolve) =>
    setTimeout(resolve, Math.random() * Math.min(20_000, 100 * 2 ** attempt)),
  )
}
