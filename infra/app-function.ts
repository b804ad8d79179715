import { createHash } from 'node:crypto'
import { relative } from 'node:path'
import { AssetHashType, DockerImage, type Duration, RemovalPolicy } from 'aws-cdk-lib'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, Code, Function as LambdaFunction, Runtime } from 'aws-cdk-lib/aws-lambda'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'
import { type BundledFile, bundleLambda, functionEntry, PROJECT_ROOT } from './lambda-bundle.js'

export type { BundledFile } from './lambda-bundle.js'

/** Where the Lambda runtime unpacks the bundle; files copied beside index.mjs land here. */
export const LAMBDA_TASK_ROOT = '/var/task'

/** Function logs hold ids and codes only (invariant 9): three months is enough to investigate. */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS

export interface AppFunctionProps {
  /** The folder under functions/ */
  name: string
  /** The entry point in that folder (exports `handler`); `lambda.ts` by default. */
  entry?: string
  description: string
  memorySize: number
  timeout: Duration
  environment: Record<string, string>
  /** Data files the code reads at run time (association config, fonts). */
  files?: readonly BundledFile[]
}

/**
 * One Lambda of the app, bundled by the local esbuild (no Docker), with its own role and log
 * group. The role starts with nothing but writing to that log group: every other permission is
 * added by the stack, statement by statement, so the template shows exactly what each function
 * may do (no AWS managed policy, no wildcard).
 */
export class AppFunction extends Construct {
  readonly fn: LambdaFunction
  readonly role: Role
  readonly logGroup: LogGroup

  constructor(scope: Construct, id: string, props: AppFunctionProps) {
    super(scope, id)
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    })
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `${props.name}${props.entry ? ` (${props.entry})` : ''} function`,
    })
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    )
    const entry = functionEntry(props.name, props.entry)
    this.fn = new LambdaFunction(this, 'Function', {
      code: Code.fromAsset(PROJECT_ROOT, {
        assetHashType: AssetHashType.OUTPUT,
        bundling: {
          // Never pulled: the local esbuild always bundles (lambda-bundle.ts, as the bench does).
          image: DockerImage.fromRegistry('local-esbuild-only'),
          // Never run either. CDK reuses a bundle for any asset with the same path and bundling
          // options: the whole project is every function's path, so the options name the entry
          // and the files, or every function would get the first one's bundle.
          command: bundleKey(entry, props.files ?? []),
          local: {
            tryBundle(outputDir) {
              bundleLambda(entry, outputDir, props.files)
              return true
            },
          },
        },
      }),
      handler: 'index.handler',
      description: props.description,
      // The newest Node.js that CDK knows (cdk-nag L1); the code itself targets Node 20+.
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize,
      timeout: props.timeout,
      role: this.role,
      logGroup: this.logGroup,
      // Stack traces point into our TypeScript sources, not the minified bundle.
      environment: { ...props.environment, NODE_OPTIONS: '--enable-source-maps' },
    })
  }
}

function bundleKey(entry: string, files: readonly BundledFile[]): string[] {
  const fileKeys = files.map((file) =>
    'content' in file
      ? `${file.target}#${createHash('sha256').update(file.content).digest('hex')}`
      : `${file.target}=${file.source}`,
  )
  return ['bundle-lambda', relative(PROJECT_ROOT, entry), ...fileKeys]
}
