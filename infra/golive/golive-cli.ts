import { formatCheckLine } from '../../shared/onboarding/check-line.js'
import { deploymentArgs } from '../deployment-args.js'
import { DeploymentConfigError, loadDeploymentConfig } from '../deployment-config.js'
import { goliveChecks } from './golive-checks.js'
import { createGoliveClients, type GoliveClients } from './golive-deps.js'

/**
 * `npm run golive -- --stage <stage> [--deployment file] [--stack-prefix RecusFiscaux]`:
 * checks what going live asks, one French line per check, OK or À FAIRE. Exit 0 when all is
 * clear, 2 when something is left to do (the deployment file's own problems included).
 */
export async function runGolive(
  argv: string[],
  io: {
    out?: (line: string) => void
    clients?: (region: string) => GoliveClients
    fetch?: typeof fetch
  } = {},
): Promise<number> {
  const out = io.out ?? ((line: string) => console.info(line))
  const args = deploymentArgs(argv)
  const prefixAt = args.rest.indexOf('--stack-prefix')
  const prefix = prefixAt >= 0 ? (args.rest[prefixAt + 1] ?? 'RecusFiscaux') : 'RecusFiscaux'
  let deployment: ReturnType<typeof loadDeploymentConfig>
  try {
    deployment = loadDeploymentConfig(args.file)
  } catch (error) {
    if (!(error instanceof DeploymentConfigError)) throw error
    out(error.message)
    return 2
  }
  out(`Mise en service de « ${deployment.stage} » (${deployment.region}) :`)
  const lines = await goliveChecks({
    deployment,
    clients: (io.clients ?? createGoliveClients)(deployment.region),
    serviceStack: `${prefix}-${deployment.stage}-service`,
    fetch: io.fetch ?? fetch,
  })
  for (const line of lines) out(formatCheckLine(line))
  const todo = lines.filter((line) => line.level === 'action').length
  out(todo === 0 ? 'Tout est prêt : rien à faire.' : `${todo} point(s) à faire (code de sortie 2).`)
  return todo === 0 ? 0 : 2
}
