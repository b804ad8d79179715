import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs'
import { AppError } from '../errors.js'
import type { JobChunkMessage } from '../jobs/job-chunk-message.js'

const SQS_BATCH = 10

/** Sends chunk messages ten at a time; on a FIFO queue the organisation is the group. */
export async function sendJobChunks(
  client: SQSClient,
  queueUrl: string,
  messages: JobChunkMessage[],
): Promise<void> {
  const fifo = queueUrl.endsWith('.fifo')
  for (let start = 0; start < messages.length; start += SQS_BATCH) {
    const batch = messages.slice(start, start + SQS_BATCH)
    const result = await client
      .send(
        new SendMessageBatchCommand({
          QueueUrl: queueUrl,
          Entries: batch.map((message, index) => ({
            Id: String(index),
            MessageBody: JSON.stringify(message),
            ...(fifo
              ? {
                  MessageGroupId: message.orgId,
                  MessageDeduplicationId: `${message.kind}-${message.paramsKey}-${message.run}-${message.chunk.id}`,
                }
              : {}),
          })),
        }),
      )
      .catch((cause) => {
        throw new AppError('queue.unavailable', 'SQS: could not queue job chunks', { cause })
      })
    if (result.Failed && result.Failed.length > 0) {
      // The run stays 'running': starting it again re-sends only the chunks not recorded.
      throw new AppError(
        'queue.unavailable',
        `SQS refused ${result.Failed.length} job chunk(s); start the job again to resume`,
      )
    }
  }
}
