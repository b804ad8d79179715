import type { TableDoc } from '../../../shared/store/lean-document-client.js'
import type { TableContext } from '../../../shared/store/table-context.js'
import { type SynthesizedApp, synthApp } from './synth-app.js'

/**
 * What a role test needs: a table whose client records the IAM actions each command it sends
 * needs, and the actions a function's role allows in the synthesized template. A call its role
 * lacks fails on AWS only (AccessDenied), while every local test passes: DynamoDB Local checks
 * no IAM.
 */

/** A Lambda of the service stack, by the construct id its role is named after. */
export type RoleOwner =
  | 'Ingest'
  | 'Process'
  | 'Number'
  | 'Deliver'
  | 'SesEvents'
  | 'StaffApp'
  | 'Jobs'
  | 'JobsWorker'
  | 'PublicPages'

const SIMPLE_ACTIONS: Record<string, string> = {
  GetCommand: 'GetItem',
  PutCommand: 'PutItem',
  UpdateCommand: 'UpdateItem',
  DeleteCommand: 'DeleteItem',
  QueryCommand: 'Query',
  ScanCommand: 'Scan',
  BatchGetCommand: 'BatchGetItem',
  BatchWriteCommand: 'BatchWriteItem',
  // TransactGetItems is authorized as the GetItem of each item it reads.
  TransactGetCommand: 'GetItem',
}

const TRANSACTION_ITEM_ACTIONS: Record<string, string> = {
  Put: 'PutItem',
  Update: 'UpdateItem',
  Delete: 'DeleteItem',
  ConditionCheck: 'ConditionCheckItem',
}

/**
 * The IAM actions a command needs. A transaction is authorized as the item actions it carries;
 * a Query or Scan on an index needs the action on the index's ARN, so it is recorded as
 * `dynamodb:Query@index`.
 */
export function actionsOf(command: { constructor: { name: string }; input: unknown }): string[] {
  const name = command.constructor.name
  const simple = SIMPLE_ACTIONS[name]
  if (simple) {
    const index = (command.input as { IndexName?: string }).IndexName
    return [`dynamodb:${simple}${index ? '@index' : ''}`]
  }
  if (name !== 'TransactWriteCommand') throw new Error(`unmapped command ${name}`)
  const items = (command.input as { TransactItems: Record<string, unknown>[] }).TransactItems
  return items.flatMap((item) =>
    Object.keys(item).map((kind) => `dynamodb:${TRANSACTION_ITEM_ACTIONS[kind]}`),
  )
}

/** The same client, recording into `sent` the actions of every command it sends. */
export function recordingDoc(doc: TableDoc, sent: Set<string>): TableDoc {
  return {
    send: ((command: { constructor: { name: string }; input: unknown }) => {
      for (const action of actionsOf(command)) sent.add(action)
      return doc.send(command as never)
    }) as TableDoc['send'],
  }
}

/** A table context whose client records into `sent`. */
export function recordingTable(table: TableContext, sent: Set<string>): TableContext {
  return { ...table, doc: recordingDoc(table.doc, sent) }
}

let synthesized: SynthesizedApp | undefined
/** The app as deployed, synthesized once per test process (the roles do not change in a run). */
function app(): SynthesizedApp {
  synthesized ??= synthApp()
  return synthesized
}

interface PolicyStatement {
  Action: string | string[]
  Resource: unknown
}

/**
 * The dynamodb:* actions a function's role allows, `@index` added for those allowed on the
 * table's indexes (a resource ending in `/index/…`): the table is the only DynamoDB resource.
 */
export function grantedTableActions(owner: RoleOwner): string[] {
  const policies = app().serviceTemplate.findResources('AWS::IAM::Policy')
  const pattern = new RegExp(`^${owner}RoleDefaultPolicy[0-9A-F]{8}$`)
  const [policy] = Object.entries(policies).filter(([id]) => pattern.test(id))
  if (!policy) throw new Error(`no role policy for ${owner}`)
  const statements = (
    policy[1] as { Properties: { PolicyDocument: { Statement: PolicyStatement[] } } }
  ).Properties.PolicyDocument.Statement
  return statements.flatMap((statement) => {
    const actions = [statement.Action].flat().filter((a) => a.startsWith('dynamodb:'))
    const onIndex = JSON.stringify(statement.Resource).includes('/index/')
    return onIndex ? [...actions, ...actions.map((a) => `${a}@index`)] : actions
  })
}

/** The actions recorded that the role does not allow: an empty list is the test's pass. */
export function notGranted(owner: RoleOwner, sent: Iterable<string>): string[] {
  const granted = grantedTableActions(owner)
  return [...sent].filter((action) => !granted.includes(action)).sort()
}
