import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

export interface DeploymentArgs {
  stage: string
  /** infra/deployments/<stage>.json, or the file given with --deployment. */
  file: string
  /** Whatever else was given, passed on (e.g. to cdk). */
  rest: string[]
}

/**
 * `--stage <stage>` (dev by default) and `--deployment <file>`, as `npm run synth` and
 * `npm run golive` take them.
 */
export function deploymentArgs(argv: string[]): DeploymentArgs {
  const { values, positionals, tokens } = parseArgs({
    args: argv,
    options: { stage: { type: 'string' }, deployment: { type: 'string' } },
    strict: false,
    allowPositionals: true,
    tokens: true,
  })
  const stage = typeof values.stage === 'string' ? values.stage : 'dev'
  const file =
    typeof values.deployment === 'string'
      ? values.deployment
      : fileURLToPath(new URL(`deployments/${stage}.json`, import.meta.url))
  const known = new Set(['stage', 'deployment'])
  const rest = [
    ...positionals,
    ...tokens.flatMap((token) =>
      token.kind === 'option' && !known.has(token.name)
        ? [token.rawName, ...(token.value === undefined ? [] : [token.value])]
        : [],
    ),
  ]
  return { stage, file, rest }
}
