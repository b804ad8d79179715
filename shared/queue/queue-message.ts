/** What travels between ingest → process → deliver. Ids only: the data lives in the table. */
export type QueueMessage =
  | { type: 'process'; orgId: string; notificationId: string }
  | { type: 'deliver'; orgId: string; receiptNumber: string; kind: 'receipt' | 'cancellation' }

/** Messages of one group run one at a time (SQS FIFO group on AWS, a serial lane locally). */
export function messageGroupOf(message: QueueMessage): string {
  return message.orgId
}

export interface MessageQueue {
  send(message: QueueMessage): Promise<void>
}
