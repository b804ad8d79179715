import * as z from 'zod'

/**
 * HelloAsso form shapes (OAS `FormLightModel`, `FormPublicModel`, `TierPublicModel`,
 * `CustomFieldPublicModel`): only what setup and check-config read, lenient like schemas.ts.
 */
const looseText = z.string().nullish()

export const FormLightSchema = z.looseObject({
  formSlug: z.string().min(1),
  formType: z.string().min(1),
  title: looseText,
  state: looseText,
  organizationSlug: looseText,
})
export type FormLight = z.infer<typeof FormLightSchema>

export const FormPageSchema = z.looseObject({
  data: z.array(FormLightSchema).nullish(),
  pagination: z.looseObject({ continuationToken: z.string().nullish() }).nullish(),
})

export const TierCustomFieldSchema = z.looseObject({
  id: z.number().int().nullish(),
  label: looseText,
  type: looseText,
  isRequired: z.boolean().nullish(),
})
export type TierCustomField = z.infer<typeof TierCustomFieldSchema>

export const PublicTierSchema = z.looseObject({
  id: z.number().int().positive(),
  label: looseText,
  tierType: looseText,
  /** Cents; absent or null for a free amount. */
  price: z.number().int().nonnegative().nullish(),
  minAmount: z.number().int().nonnegative().nullish(),
  isEligibleTaxReceipt: z.boolean().nullish(),
  customFields: z.array(TierCustomFieldSchema).nullish(),
})
export type PublicTier = z.infer<typeof PublicTierSchema>

export const PublicFormSchema = z.looseObject({
  formSlug: z.string().min(1),
  formType: z.string().min(1),
  title: looseText,
  validityType: looseText,
  tiers: z.array(PublicTierSchema).nullish(),
})
export type PublicForm = z.infer<typeof PublicFormSchema>
