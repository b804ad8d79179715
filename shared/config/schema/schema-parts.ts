import * as z from 'zod'

/** Building blocks of the configuration schema; messages are written for a treasurer. */
export const text = (what: string) =>
  z
    .string({ error: `${what} est obligatoire` })
    .trim()
    .min(1, `${what} est obligatoire`)
export const cents = (what: string) =>
  z
    .number({ error: `${what} doit être un nombre de centimes` })
    .int(`${what} doit être un nombre entier de centimes (ex. 5000 pour 50 €)`)
    .nonnegative(`${what} ne peut pas être négatif`)
export const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'date attendue au format AAAA-MM-JJ')
/**
 * A field's description in the published JSON Schema: French in `description`, which the
 * treasurer's editor shows on hover, English in `x-description-en`, which the reference in
 * docs/configuration.md is generated from (`npm run schema`).
 */
export const doc = (fr: string, en: string) => ({ description: fr, 'x-description-en': en })
