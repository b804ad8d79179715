import type { DeliverDeps } from '../../shared/deliver/deliver-deps.js'
import type { ProcessDeps } from '../../shared/process/process-deps.js'
import type { QueueMessage } from '../../shared/queue/queue-message.js'

type MessageHandler = (message: QueueMessage) => Promise<void>

/**
 * The handler of handle-message.ts, loaded with its first message: the processing and delivery
 * steps are half a second of CPU to load, which a job that queues nothing (a declaration, an
 * archive) need not pay. Loaded once per process, whatever the number of messages.
 */
export function createLazyMessageHandler(deps: {
  process: ProcessDeps
  deliver: DeliverDeps
}): MessageHandler {
  let loaded: Promise<MessageHandler> | undefined
  return async (message) => {
    loaded ??= import('./handle-message.js').then((module) => module.createMessageHandler(deps))
    const handle = await loaded
    return handle(message)
  }
}
