import { existsSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { readConfigJson } from '../../shared/config/config-files.js'
import { configWithTierMappings } from '../../shared/config/config-with-tier-mappings.js'
import { defaultAssociationConfig } from '../../shared/config/default-association-config.js'
import { type Env, loadEnv } from '../../shared/config/env.js'
import { formatEuros } from '../../shared/domain/money.js'
import { formatParisDate } from '../../shared/domain/paris-time.js'
import { listTierMappings, type TierMapping } from '../../shared/store/tier-mapping-store.js'
import { openCliStack } from '../local/open-cli-stack.js'

export const CONFIG_USAGE = `  config export [--config association.json] [--out association-exportee.json]
               Écrit la configuration (ASSOCIATION_CONFIG par défaut) avec les paliers HelloAsso
               rattachés depuis la page « À vérifier » (tiers[].match.tierIds) ; n’écrase jamais un
               fichier existant.`

const DEFAULT_OUT = 'association-exportee.json'

/**
 * `npm run receipts -- config export`: reads the mappings from the data of `npm start` and writes
 * the configuration file with them. Undefined when the command is another one.
 */
export async function runConfigCommand(
  argv: string[],
  given?: Env,
  out: (line: string) => void = (line) => console.info(line),
): Promise<number | undefined> {
  const [command, sub, ...rest] = argv
  if (command !== 'config') return undefined
  let values: { config?: string | undefined; out?: string | undefined }
  try {
    if (sub !== 'export') throw new Error(`Sous-commande inconnue : « ${sub ?? ''} ».`)
    values = parseArgs({
      args: rest,
      options: { config: { type: 'string' }, out: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    out(`${(error as Error).message}\n\n${CONFIG_USAGE}`)
    return 64
  }
  const env = given ?? loadEnv()
  const configPath = values.config ?? env.ASSOCIATION_CONFIG
  const outPath = resolve(values.out ?? DEFAULT_OUT)
  if (existsSync(outPath)) {
    out(`${outPath} existe déjà : rien n’a été écrit. Choisissez un autre nom avec --out.`)
    return 64
  }
  const raw = configPath ? readConfigJson(configPath) : defaultAssociationConfig
  const stack = await openCliStack(env)
  try {
    const mappings = await listTierMappings(stack.runtime.table)
    return exportConfig(out, {
      raw,
      source: configPath ?? 'configuration intégrée',
      outPath,
      mappings,
    })
  } finally {
    await stack.stop()
  }
}

/** Writes the file and says, mapping by mapping, what went in and what did not. */
export function exportConfig(
  out: (line: string) => void,
  input: { raw: unknown; source: string; outPath: string; mappings: TierMapping[] },
): 0 {
  const { config, added, skipped } = configWithTierMappings(input.raw, input.mappings, input.source)
  writeFileSync(input.outPath, `${JSON.stringify(config, null, 2)}\n`, { flag: 'wx' })
  const count = (n: number) => (n < 2 ? `${n} rattachement ajouté` : `${n} rattachements ajoutés`)
  out(
    `Configuration écrite dans ${input.outPath} (depuis ${input.source}) : ${count(added.length)}.`,
  )
  for (const mapping of added) out(`  ${describe(mapping)}`)
  for (const { mapping, why } of skipped) out(`  non écrit : ${describe(mapping)} — ${why}`)
  if (input.mappings.length === 0)
    out(
      'Aucun palier n’a été rattaché depuis la page « À vérifier » : le fichier est recopié tel quel.',
    )
  else
    out(
      'Pour l’utiliser, faites-en votre ASSOCIATION_CONFIG (ou infra/deployments/<stage>.association.json sur AWS) ; les rattachements restent aussi dans la base.',
    )
  return 0
}

function describe(mapping: TierMapping): string {
  return `id HelloAsso ${mapping.helloAssoTierId} (« ${mapping.helloAssoLabel} », ${formatEuros(mapping.amountCents)} €) → palier « ${mapping.tierKey} », rattaché le ${formatParisDate(mapping.mappedAt)} par ${mapping.mappedBy}`
}
