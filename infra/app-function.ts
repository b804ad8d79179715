import { fileURLToPath } from 'node:url'
import { type Duration, RemovalPolicy } from 'aws-cdk-lib'
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam'
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda'
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs'
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs'
import { Construct } from 'constructs'

export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url))

/** Where the Lambda runtime unpacks the bundle; files copied beside index.mjs land here. */
export const LAMBDA_TASK_ROOT = '/var/task'

/** Function logs hold ids and codes only (invariant 9): three months is enough to investigate. */
export const LOG_RETENTION = RetentionDays.THREE_MONTHS

/** CommonJS dependencies (nodemailer, fontkit…) call require(), which an ES module lacks. */
const CREATE_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module';const require = __createRequire(import.meta.url);"

export interface BundledFile {
  /** Absolute path on the machine that synthesizes. */
  source: string
  /** Path inside the bundle, relative to index.mjs. */
  target: string
}

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
  readonly fn: NodejsFunction
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
    this.fn = new NodejsFunction(this, 'Function', {
      entry: fileURLToPath(
        new URL(`../functions/${props.name}/${props.entry ?? 'lambda.ts'}`, import.meta.url),
      ),
      handler: 'handler',
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
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: fileURLToPath(new URL('../package-lock.json', import.meta.url)),
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
        minify: true,
        sourceMap: true,
        // Stack traces name our files and lines; the sources need not ship.
        sourcesContent: false,
        // The pinned SDK versions, not whatever the runtime carries.
        bundleAwsSDK: true,
        commandHooks: copyFilesHooks(props.files ?? []),
      },
    })
  }
}

function copyFilesHooks(files: readonly BundledFile[]) {
  return {
    beforeBundling: (): string[] => [],
    beforeInstall: (): string[] => [],
    afterBundling: (_inputDir: string, outputDir: string): string[] =>
      files.map((file) => {
        const target = `${outputDir}/${file.target}`
        const folder = target.slice(0, target.lastIndexOf('/'))
        return `mkdir -p ${shellQuote(folder)} && cp ${shellQuote(file.source)} ${shellQuote(target)}`
      }),
  }
}

function shellQuote(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`
}
