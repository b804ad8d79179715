import { parseArgs } from 'node:util'
import { type Env, hasHelloAssoCredentials, loadEnv } from '../../shared/config/env.js'
import { loadAssociationConfig } from '../../shared/config/load-association-config.js'
import { createHttpHelloAssoClient } from '../../shared/helloasso/http-helloasso-client.js'
import { runCheckConfig } from './check-config-command.js'
import { runSetup } from './setup-command.js'

export const ONBOARDING_USAGE = `  setup        --slug <slug HelloAsso> [--out association.json]
               Écrit une configuration de départ depuis les formulaires HelloAsso de l’association
               (n’écrase jamais un fichier existant) et liste ce qu’il faut vérifier.
  check-config [--config association.json]
               Compare la configuration (ASSOCIATION_CONFIG par défaut) aux formulaires HelloAsso ;
               code de sortie 0 si tout est en ordre, 2 s’il faut agir.`

/**
 * `npm run receipts -- setup | check-config`: they read HelloAsso and a file, not the data, so
 * they run without DynamoDB. Undefined when the command is another one.
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
  if (!hasHelloAssoCredentials(env)) {
    out(
      `${command} lit les formulaires de l’association sur HelloAsso : définissez HELLOASSO_CLIENT_ID et HELLOASSO_CLIENT_SECRET (espace HelloAsso de l’association › Mon compte › Intégrations et API).`,
    )
    return 64
  }
  const client = createHttpHelloAssoClient({
    apiUrl: env.HELLOASSO_API_URL,
    tokenUrl: env.HELLOASSO_TOKEN_URL,
    clientId: env.HELLOASSO_CLIENT_ID as string,
    clientSecret: env.HELLOASSO_CLIENT_SECRET as string,
    timeoutMs: env.HELLOASSO_TIMEOUT_MS,
  })
  if (command === 'setup') {
    if (!values.slug) {
      out(
        `setup a besoin du slug HelloAsso de l’association : --slug mon-association (la fin de l’adresse https://www.helloasso.com/associations/mon-association).\n\n${ONBOARDING_USAGE}`,
      )
      return 64
    }
    return runSetup(
      { client, out },
      {
        organizationSlug: values.slug,
        path: values.out ?? env.ASSOCIATION_CONFIG ?? 'association.json',
      },
    )
  }
  const loaded = loadAssociationConfig(values.config ?? env.ASSOCIATION_CONFIG)
  return runCheckConfig({ client, out }, loaded.config, loaded.source)
}
