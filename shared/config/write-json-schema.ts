import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as z from 'zod'
import { AssociationConfigSchema } from './association-config-schema.js'
import {
  configReferenceMarkdown,
  type JsonSchemaNode,
  withConfigReference,
} from './config-reference.js'

/** Publishes the config schema as JSON Schema (`npm run schema`), for editors and reviewers. */
export function associationConfigJsonSchema(): object {
  return z.toJSONSchema(AssociationConfigSchema, { io: 'input', unrepresentable: 'any' })
}

export const jsonSchemaPath = fileURLToPath(
  new URL('./association-config.schema.json', import.meta.url),
)
/** docs/configuration.md: the configuration reference lives there, generated. */
export const configDocPath = fileURLToPath(new URL('../../docs/configuration.md', import.meta.url))

/** The committed JSON Schema's text, as `npm run schema` writes it. */
export function associationConfigJsonSchemaText(): string {
  return `${JSON.stringify(associationConfigJsonSchema(), null, 2)}\n`
}

/** docs/configuration.md with its configuration reference regenerated from the JSON Schema. */
export function withRegeneratedConfigReference(page: string): string {
  return withConfigReference(
    page,
    configReferenceMarkdown(associationConfigJsonSchema() as JsonSchemaNode),
  )
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(jsonSchemaPath, associationConfigJsonSchemaText())
  console.info(`wrote ${jsonSchemaPath}`)
  writeFileSync(configDocPath, withRegeneratedConfigReference(readFileSync(configDocPath, 'utf8')))
  console.info(`wrote the configuration reference in ${configDocPath}`)
}
