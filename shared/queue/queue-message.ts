/** What travels between ingest → process → number → deliver. Ids only: the data lives in the table. */
export type QueueMessage =
  | { type: 'process'; orgId: string; notificationId: string }
  /** Number the receipt drafted for this payment (the draft item is in the table). */
  | { type: 'number'; orgId: string; paymentId: number }
  | { type: 'deliver'; orgId: string; receiptNumber: string; kind: 'receipt' | 'cancellation' }

export type QueueMessageType = QueueMessage['type']

export const QUEUE_MESSAGE_TYPES: readonly QueueMessageType[] = ['process', 'number', 'deliver']

/**
 * The group a message runs in one at a time, or undefined when it runs in parallel. Only the
 * numbering step is serial (per organisation: one hot counter per organisation and year);
 * fetching from HelloAsso, analysing and delivering run side by side.
 */
export function messageGroupOf(message: QueueMessage): string | undefined {
  return message.type === 'number' ? message.orgId : undefined
}

export interface MessageQueue {
  send(message: QueueMessage): Promise<void>
}
