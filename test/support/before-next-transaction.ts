import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb'
import { vi } from 'vitest'
import type { TransactItem } from '../../shared/store/receipt-items.js'
import type { TableContext } from '../../shared/store/table-context.js'

type Send = (command: unknown) => Promise<unknown>
const originals = new WeakMap<object, Send>()

/**
 * A deterministic interleaving of two writers: runs `action` (another writer's whole commit)
 * just before the first DynamoDB transaction whose items match, then lets that transaction go
 * on, with what it read now stale. Everything else passes through untouched.
 */
export function beforeNextTransaction(
  table: TableContext,
  matches: (items: TransactItem[]) => boolean,
  action: () => Promise<unknown>,
): { fired: () => boolean } {
  const doc = table.doc
  // A second call in the same test wraps the client's own send, not the first wrapper.
  const send = originals.get(doc) ?? (doc.send.bind(doc) as Send)
  originals.set(doc, send)
  let fired = false
  vi.spyOn(doc, 'send').mockImplementation((async (command: unknown) => {
    if (
      !fired &&
      command instanceof TransactWriteCommand &&
      matches(command.input.TransactItems ?? [])
    ) {
      fired = true
      await action()
    }
    return send(command)
  }) as never)
  return { fired: () => fired }
}

/** Whether a transaction takes the receipt `number` out of circulation as cancelled. */
export function cancelsReceipt(number: string) {
  return (items: TransactItem[]): boolean =>
    items.some((item) => {
      const text = JSON.stringify(item)
      return text.includes(`RECEIPT#${number}`) && text.includes('"cancelled"')
    })
}
