import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { testAssociationConfig } from './test-association-config.js'

/** The test association as an ASSOCIATION_CONFIG file, as an operator would provide it. */
export async function writeTestConfigFile(): Promise<string> {
  const path = join(await mkdtemp(join(tmpdir(), 'asso-config-')), 'association.json')
  await writeFile(path, JSON.stringify(testAssociationConfig(), null, 2))
  return path
}
