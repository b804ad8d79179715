import { createRequire } from 'node:module'
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb'
import { PolicyStatement } from 'aws-cdk-lib/aws-iam'
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources'
import type { IQueue } from 'aws-cdk-lib/aws-sqs'
import type { Construct } from 'constructs'
import {
  BUNDLED_FONT_DIR,
  bundledFontFileName,
  type EmbeddedFontName,
  FONT_MODULE_PATHS,
} from '../shared/receipts/pdf/fonts/font-sources.js'
import { TABLE_INDEX_LIST } from '../shared/store/table-definition.js'
import { AppFunction, type BundledFile } from './app-function.js'
import type { FunctionSettings } from './function-settings.js'

/** What every function of the service gets: the table and the association's files. */
export interface FunctionContext {
  table: ITableV2
  /** The association JSON (and its signature image), copied into each bundle. */
  files: BundledFile[]
  /** TABLE_NAME and ASSOCIATION_CONFIG. */
  environment: Record<string, string>
}

export interface FlowFunctionProps {
  /** The folder under functions/. */
  name: string
  entry?: string
  description: string
  settings: FunctionSettings
  environment?: Record<string, string>
  /** Renders PDFs: the fonts ship beside index.mjs. */
  fonts?: boolean
}

export function flowFunction(
  scope: Construct,
  id: string,
  context: FunctionContext,
  props: FlowFunctionProps,
): AppFunction {
  return new AppFunction(scope, id, {
    name: props.name,
    ...(props.entry ? { entry: props.entry } : {}),
    description: props.description,
    memorySize: props.settings.memorySize,
    timeout: props.settings.timeout,
    environment: { ...context.environment, ...props.environment },
    files: [...context.files, ...(props.fonts ? fontFiles() : [])],
  })
}

export function allow(target: AppFunction, actions: string[], resources: string[]): void {
  target.role.addToPolicy(new PolicyStatement({ actions, resources }))
}

/** The item actions of the flow's transactions (TransactWriteItems is authorized as these). */
export const ITEM_READ_WRITE = [
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
]

export function tableAndIndexes(table: ITableV2): string[] {
  return [
    table.tableArn,
    ...TABLE_INDEX_LIST.map((index) => `${table.tableArn}/index/${index.indexName}`),
  ]
}

/** Consumes a queue with partial batch failures (shared/queue/sqs-batch-handler.ts). */
export function consume(
  target: AppFunction,
  queue: IQueue,
  batchSize: number,
  maxConcurrency?: number,
): void {
  target.fn.addEventSource(
    new SqsEventSource(queue, {
      batchSize,
      reportBatchItemFailures: true,
      ...(maxConcurrency ? { maxConcurrency } : {}),
    }),
  )
}

/** The PDF fonts, which shared/receipts/pdf/font-files.ts finds in fonts/ beside index.mjs. */
function fontFiles(): BundledFile[] {
  const require = createRequire(import.meta.url)
  return (Object.keys(FONT_MODULE_PATHS) as EmbeddedFontName[]).map((name) => ({
    source: require.resolve(FONT_MODULE_PATHS[name]),
    target: `${BUNDLED_FONT_DIR}/${bundledFontFileName(name)}`,
  }))
}
