import { type App, Tags, Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import { DataStack } from './data-stack.js'
import type { DeploymentConfig } from './deployment-config.js'
import { ServiceStack } from './service-stack.js'

export interface BuiltApp {
  data: DataStack
  service: ServiceStack
}

/**
 * The stacks of one deployment: `<prefix>-<stage>-data` (stateful, rarely changed) and
 * `<prefix>-<stage>-service` (everything else). cdk-nag's AwsSolutions pack runs on every
 * synth: a finding without an acknowledgement (and its reason) fails it.
 */
export function buildApp(
  app: App,
  deployment: DeploymentConfig,
  prefix = 'RecusFiscaux',
): BuiltApp {
  const env = {
    region: deployment.region,
    account: deployment.account ?? process.env.CDK_DEFAULT_ACCOUNT,
  }
  const data = new DataStack(app, `${prefix}-${deployment.stage}-data`, {
    env,
    description: `HelloAsso receipts (${deployment.stage}): table and archive bucket (stateful, retained)`,
    expireArchives: deployment.jobs.purgeEnabled,
  })
  const service = new ServiceStack(app, `${prefix}-${deployment.stage}-service`, {
    env,
    description: `HelloAsso receipts (${deployment.stage}): API, functions, queues, mail, alarms`,
    deployment,
    table: data.table,
    archiveBucket: data.archiveBucket,
  })
  for (const stack of [data, service]) {
    Tags.of(stack).add('project', 'recus-fiscaux')
    Tags.of(stack).add('stage', deployment.stage)
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
  return { data, service }
}
