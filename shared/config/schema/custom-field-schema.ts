import * as z from 'zod'
import { doc } from './schema-parts.js'

/** A HelloAsso custom field, by id (stable) and/or name (changes when the form is edited). */
export const CustomFieldRefSchema = z
  .object({
    id: z
      .number()
      .int()
      .positive()
      .optional()
      .meta(
        doc(
          'Id du champ sur HelloAsso (stable, affiché par `check-config`).',
          'The field’s HelloAsso id (stable; `check-config` prints it).',
        ),
      ),
    name: z
      .string()
      .min(1)
      .optional()
      .meta(
        doc(
          'Libellé de la question sur le formulaire HelloAsso (change si le formulaire est modifié).',
          'The question’s wording on the HelloAsso form (changes when the form is edited).',
        ),
      ),
  })
  .refine((ref) => ref.id !== undefined || ref.name !== undefined, {
    message: 'indiquez l’id ou le nom du champ HelloAsso',
  })
export type CustomFieldRef = z.infer<typeof CustomFieldRefSchema>
