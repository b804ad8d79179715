import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { deploymentArgs } from './deployment-args.js'
import { DeploymentConfigError, loadDeploymentConfig } from './deployment-config.js'

/**
 * `npm run synth -- --stage <stage> [--deployment file]`: the deployment file is checked first
 * and every problem printed, one French line each, without a stack trace (exit 2); then
 * `cdk synth` builds the stacks (bundles, cdk-nag; CDK_VALIDATION=true adds CloudFormation's
 * schema checks).
 */
function main(argv: string[]): number {
  const args = deploymentArgs(argv)
  try {
    const deployment = loadDeploymentConfig(args.file)
    if (deployment.stage !== args.stage)
      throw new DeploymentConfigError(args.file, [
        `« stage » : le fichier dit « ${deployment.stage} », la commande demande « ${args.stage} ». À faire : corrigez l’un ou l’autre.`,
      ])
  } catch (error) {
    if (!(error instanceof DeploymentConfigError)) throw error
    console.error(error.message)
    return 2
  }
  const cdk = fileURLToPath(new URL('../node_modules/.bin/cdk', import.meta.url))
  const synth = spawnSync(
    cdk,
    [
      'synth',
      '--quiet',
      '-c',
      `stage=${args.stage}`,
      '-c',
      `deployment=${args.file}`,
      ...args.rest,
    ],
    { stdio: 'inherit' },
  )
  return synth.status ?? 1
}

process.exit(main(process.argv.slice(2)))
