import { createHash } from 'node:crypto'
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs'
import { HttpResponse, http } from 'msw'
import { describe, expect, it } from 'vitest'
import { AwsApiError, createAwsJsonApi } from '../../shared/aws/aws-json-api.js'
import { AppError } from '../../shared/errors.js'
import { createSqsQueue } from '../../shared/queue/sqs-queue.js'
import { setupMswServer } from '../support/msw-server.js'

const SQS = 'https://sqs.eu-west-3.amazonaws.com/'
const QUEUE_URL = 'https://sqs.eu-west-3.amazonaws.com/123456789012/process'
const CREDENTIALS = { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-secret', sessionToken: 'tok' }

const server = setupMswServer()

interface Seen {
  target: string | null
  contentType: string | null
  authorization: string
  securityToken: string | null
  body: unknown
}

/** SQS as msw: answers each request with the next of `answers` (the last one repeats). */
function serveSqs(...answers: ((body: { MessageBody?: string }) => Response)[]): Seen[] {
  const seen: Seen[] = []
  server.use(
    http.post(SQS, async ({ request }) => {
      const body = (await request.json()) as { MessageBody?: string }
      seen.push({
        target: request.headers.get('x-amz-target'),
        contentType: request.headers.get('content-type'),
        authorization: request.headers.get('authorization') ?? '',
        securityToken: request.headers.get('x-amz-security-token'),
        body,
      })
      const answer = answers[Math.min(seen.length, answers.length) - 1] as (typeof answers)[number]
      return answer(body)
    }),
  )
  return seen
}

const sqsApi = () =>
  createAwsJsonApi({ service: 'sqs', region: 'eu-west-3', credentials: CREDENTIALS })
// The SDK checks the digest of the body it sent.
const ok = (body: { MessageBody?: string }) =>
  HttpResponse.json({
    MessageId: 'm-1',
    MD5OfMessageBody: createHash('md5')
      .update(body.MessageBody ?? '')
      .digest('hex'),
  })

describe('AWS JSON APIs without the SDK (SQS, Secrets Manager)', () => {
  it('sends SendMessage as the AWS SDK does: same target, content type, body and signing scope', async () => {
    const seen = serveSqs(ok)
    const input = {
      QueueUrl: `${QUEUE_URL}.fifo`,
      MessageBody: '{"type":"number","orgId":"rtld","paymentId":42}',
      MessageGroupId: 'rtld',
      MessageDeduplicationId: 'd-1',
    }
    const sdk = new SQSClient({ region: 'eu-west-3', credentials: CREDENTIALS, maxAttempts: 1 })
    await sdk.send(new SendMessageCommand(input))
    const answer = await sqsApi().call('SendMessage', input)

    expect(answer.MessageId).toBe('m-1')
    const [bySdk, byUs] = seen as [Seen, Seen]
    expect(byUs.target).toBe('AmazonSQS.SendMessage')
    expect(byUs.target).toBe(bySdk.target)
    expect(byUs.contentType).toBe(bySdk.contentType)
    expect(byUs.body).toEqual(bySdk.body)
    const scope = /^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/eu-west-3\/sqs\/aws4_request, /
    expect(byUs.authorization).toMatch(scope)
    expect(bySdk.authorization).toMatch(scope)
    expect(byUs.securityToken).toBe('tok')
  })

  it('turns an error answer into an AwsApiError with its type, and the queue port into queue.unavailable', async () => {
    serveSqs(() =>
      HttpResponse.json(
        {
          __type: 'com.amazonaws.sqs#QueueDoesNotExist',
          message: 'The specified queue does not exist.',
        },
        { status: 400 },
      ),
    )
    const failure = await sqsApi()
      .call('SendMessage', { QueueUrl: QUEUE_URL, MessageBody: '{}' })
      .catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(AwsApiError)
    expect(failure).toMatchObject({ type: 'QueueDoesNotExist', status: 400 })

    const queue = createSqsQueue(sqsApi(), { process: QUEUE_URL })
    const sent = queue.send({ type: 'process', orgId: 'rtld', notificationId: 'n1' })
    await expect(sent).rejects.toBeInstanceOf(AppError)
    await expect(sent).rejects.toMatchObject({ code: 'queue.unavailable' })
  })

  it('retries a 5xx answer, three attempts in all, then gives up', async () => {
    const unavailable = () => HttpResponse.json({ __type: 'InternalError' }, { status: 500 })
    const recovered = serveSqs(unavailable, unavailable, ok)
    await expect(
      sqsApi().call('SendMessage', { QueueUrl: QUEUE_URL, MessageBody: '{}' }),
    ).resolves.toMatchObject({
      MessageId: 'm-1',
    })
    expect(recovered).toHaveLength(3)

    server.resetHandlers()
    const down = serveSqs(unavailable)
    await expect(
      sqsApi().call('SendMessage', { QueueUrl: QUEUE_URL, MessageBody: '{}' }),
    ).rejects.toMatchObject({ type: 'InternalError', status: 500 })
    expect(down).toHaveLength(3)
  })

  it('does not retry a client error', async () => {
    const seen = serveSqs(() =>
      HttpResponse.json({ __type: 'InvalidParameterValue', message: 'bad' }, { status: 400 }),
    )
    await expect(
      sqsApi().call('SendMessage', { QueueUrl: QUEUE_URL, MessageBody: '' }),
    ).rejects.toMatchObject({ type: 'InvalidParameterValue' })
    expect(seen).toHaveLength(1)
  })
})
