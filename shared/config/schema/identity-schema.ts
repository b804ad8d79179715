import * as z from 'zod'
import { doc, text } from './schema-parts.js'

export const PostalAddressSchema = z.object({
  street: text('La rue').meta(doc('Numéro et rue.', 'Street number and name.')),
  postalCode: text('Le code postal').meta(doc('Code postal.', 'Postcode.')),
  city: text('La commune').meta(doc('Commune.', 'Town.')),
  country: text('Le pays')
    .default('France')
    .meta(doc('Pays (France par défaut).', 'Country (France by default).')),
})

export const RegistrationNumberSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('SIREN').meta(doc('Numéro SIREN (INSEE).', 'A SIREN number (INSEE).')),
    value: z
      .string()
      .regex(/^\d{9}$/, 'un SIREN a 9 chiffres, sans espaces')
      .meta(doc('Les 9 chiffres du SIREN, sans espaces.', 'The 9 digits, no spaces.')),
  }),
  z.object({
    kind: z
      .literal('RNA')
      .meta(
        doc(
          'Numéro RNA (répertoire national des associations), pour une association sans SIREN.',
          'An RNA number (national register of associations), for an association without a SIREN.',
        ),
      ),
    value: z
      .string()
      .regex(/^W\d{9}$/, 'un numéro RNA est un W suivi de 9 chiffres')
      .meta(doc('W suivi de 9 chiffres.', 'W followed by 9 digits.')),
  }),
])
