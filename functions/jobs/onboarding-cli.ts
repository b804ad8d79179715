import { parseArgs } from 'node:util'
import { type Env, hasHelloAssoCredentials, loadEnv } from '../../shared/config/env.js'
import { createHttpHelloAssoClient } from '../../shared/helloasso/http-helloasso-client.js'
import { silentLogger } from '../../shared/log.js'
import { listTierMappings, type TierMapping } from '../../shared/store/tier-mapping-store.js'
import { emptyLocalDataFolder, openCliStack } from '../local/open-cli-stack.js'
import { runCheckConfig } from './check-config-command.js'
import { runSetup } from './setup-command.js'

export const ONBOARDING_USAGE = `  setup        --slug <slug HelloAsso> [--out association.json]
               Écrit une configuration de départ depuis les formulaires HelloAsso de l’association
               (n’écrase jamais un fichier existant) et liste ce qu’il faut vérifier.
  check-config [--config association.json]
               Vérifie la configuration (ASSOCIATION_CONFIG par défaut) ; avec les identifiants
               HelloAsso, la compare aussi aux formulaires en ligne. Code de sortie 0 si tout est
               en ordre, 2 s’il faut agir.`

/**
 * `npm run receipts -- setup | check-config`: they read HelloAsso and a file; check-config also
 * reads the tier mappings of the data set when there is one. Undefined for another command.
 */
export async function runOnboardingCommand(
  argv: string[],
  given?: Env,
  out: (line: string) => void = (line) => console.info(line),
): Promise<number | undefined> {
  const [command, ...rest] = argv
  if (command !== 'setup' && command !== 'check-config') return undefined
  const env = given ?? loadEnv()
  let values: { slug?: string | undefined; out?: string | undefined; config?: string | undefined }
  try {
    values = parseArgs({
      args: rest,
      options: { slug: { type: 'string' }, out: { type: 'string' }, config: { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values
  } catch (error) {
    out(`${(error as Error).message}\n\n${ONBOARDING_USAGE}`)
    return 64
  }
  const client = hasHelloAssoCredentials(env)
    ? createHttpHelloAssoClient({
        apiUrl: env.HELLOASSO_API_URL,
        tokenUrl: env.HELLOASSO_TOKEN_URL,
        clientId: env.HELLOASSO_CLIENT_ID as string,
        clientSecret: env.HELLOASSO_CLIENT_SECRET as string,
        timeoutMs: env.HELLOASSO_TIMEOUT_MS,
      })
    : undefined
  const urls = { apiUrl: env.HELLOASSO_API_URL, tokenUrl: env.HELLOASSO_TOKEN_URL }
  if (command === 'check-config') {
    const path = values.config ?? env.ASSOCIATION_CONFIG
    if (!path) {
      out(
        `check-config vérifie un fichier de configuration : --config association.json, ou ASSOCIATION_CONFIG=association.json (sans fichier, le serveur n’émet que des SPECIMEN du profil intégré).\n\n${ONBOARDING_USAGE}`,
      )
      return 64
    }
    const readTierMappings = await tierMappingsReader({ ...env, ASSOCIATION_CONFIG: path })
    return runCheckConfig(
      {
        ...(client ? { client } : {}),
        ...(readTierMappings ? { readTierMappings } : {}),
        urls,
        out,
      },
      path,
    )
  }
  if (!client) {
    out(
      'setup lit les formulaires de l’association sur HelloAsso : définissez HELLOASSO_CLIENT_ID et HELLOASSO_CLIENT_SECRET (espace HelloAsso de l’association › Mon compte › Intégrations et API).',
    )
    return 64
  }
  if (!values.slug) {
    out(
      `setup a besoin du slug HelloAsso de l’association : --slug mon-association (la fin de l’adresse https://www.helloasso.com/associations/mon-association).\n\n${ONBOARDING_USAGE}`,
    )
    return 64
  }
  return runSetup(
    { client, urls, out },
    {
      organizationSlug: values.slug,
      path: values.out ?? env.ASSOCIATION_CONFIG ?? 'association.json',
    },
  )
}

/**
 * The tiers attached from the review page live in the data set, not in the file: check-config
 * reads them when there is a data set here (a database in DATA_DIR, a running npm start, or
 * DYNAMODB_ENDPOINT), and only then, so that checking a file needs neither Java nor data.
 */
async function tierMappingsReader(env: Env): Promise<(() => Promise<TierMapping[]>) | undefined> {
  if (await emptyLocalDataFolder(env)) return undefined
  return async () => {
    const stack = await openCliStack(env, { log: silentLogger, readOnly: true })
    try {
      return await listTierMappings(stack.runtime.table)
    } finally {
      await stack.stop()
    }
  }
}
