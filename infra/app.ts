import { fileURLToPath } from 'node:url'
import { App } from 'aws-cdk-lib'
import { buildApp } from './build-app.js'
import { DeploymentConfigError, loadDeploymentConfig } from './deployment-config.js'

/**
 * `npm run synth -- --stage prod` (infra/synth-cli.ts) / `npx cdk deploy --all -c stage=prod`. The deployment file is
 * infra/deployments/<stage>.json (stage `dev` by default), or any file given with
 * `-c deployment=path/to/file.json`; `-c stackPrefix=Other` renames the stacks.
 */
// CloudFormation's own schema check (a 9 MB WASM) costs 3–15 s a synth: opt in with
// CDK_VALIDATION=true, as CI does. cdk-nag runs either way.
const app = new App({ builtinCloudFormationValidation: process.env.CDK_VALIDATION === 'true' })
const stage: string = app.node.tryGetContext('stage') ?? 'dev'
const file: string =
  app.node.tryGetContext('deployment') ??
  fileURLToPath(new URL(`deployments/${stage}.json`, import.meta.url))
try {
  buildApp(app, loadDeploymentConfig(file), app.node.tryGetContext('stackPrefix') ?? 'RecusFiscaux')
} catch (error) {
  // One French line per problem, as `npm run synth` prints them, not a stack trace.
  if (!(error instanceof DeploymentConfigError)) throw error
  console.error(error.message)
  process.exit(2)
}
