import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { AssociationConfigSchema } from './association-config-schema.js'

/** Publishes the config schema as JSON Schema (`npm run schema`), for editors and reviewers. */
export function associationConfigJsonSchema(): object {
  return z.toJSONSchema(AssociationConfigSchema, { io: 'input', unrepresentable: 'any' })
}

const target = fileURLToPath(new URL('./association-config.schema.json', import.meta.url))

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(target, `${JSON.stringify(associationConfigJsonSchema(), null, 2)}\n`)
  console.info(`wrote ${target}`)
}
