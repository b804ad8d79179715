import { App } from 'aws-cdk-lib'
import { DataStack } from './data-stack.js'

/**
 * `npm run synth` / `cdk deploy`. Region and stack-name prefix come from context
 * (`-c region=eu-west-1 -c stackPrefix=Other`); the account from the deploying credentials.
 */
const app = new App()
const region: string = app.node.tryGetContext('region') ?? 'eu-west-3'
const prefix: string = app.node.tryGetContext('stackPrefix') ?? 'RecusFiscaux'
const env = { region, account: process.env.CDK_DEFAULT_ACCOUNT }

new DataStack(app, `${prefix}-data`, {
  env,
  description: 'HelloAsso receipts: DynamoDB table (stateful, retained)',
})
