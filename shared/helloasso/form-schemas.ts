import * as z from 'zod/mini'

/**
 * HelloAsso form shapes (OAS `FormLightModel`, `FormPublicModel`, `TierPublicModel`,
 * `CustomFieldPublicModel`): only what setup and check-config read, lenient like schemas.ts
 * (and, like it, in zod/mini: the HelloAsso client is part of the process Lambda).
 */
const looseText = z.nullish(z.string())

export const FormLightSchema = z.looseObject({
  formSlug: z.string().check(z.minLength(1)),
  formType: z.string().check(z.minLength(1)),
  title: looseText,
  state: looseText,
  organizationSlug: looseText,
})
export type FormLight = z.infer<typeof FormLightSchema>

export const FormPageSchema = z.looseObject({
  data: z.nullish(z.array(FormLightSchema)),
  pagination: z.nullish(z.looseObject({ continuationToken: z.nullish(z.string()) })),
})

export const TierCustomFieldSchema = z.looseObject({
  id: z.nullish(z.int()),
  label: looseText,
  type: looseText,
  isRequired: z.nullish(z.boolean()),
})
export type TierCustomField = z.infer<typeof TierCustomFieldSchema>

export const PublicTierSchema = z.looseObject({
  id: z.int().check(z.positive()),
  label: looseText,
  tierType: looseText,
  /** Cents; absent or null for a free amount. */
  price: z.nullish(z.int().check(z.nonnegative())),
  minAmount: z.nullish(z.int().check(z.nonnegative())),
  isEligibleTaxReceipt: z.nullish(z.boolean()),
  customFields: z.nullish(z.array(TierCustomFieldSchema)),
})
export type PublicTier = z.infer<typeof PublicTierSchema>

export const PublicFormSchema = z.looseObject({
  formSlug: z.string().check(z.minLength(1)),
  formType: z.string().check(z.minLength(1)),
  title: looseText,
  validityType: looseText,
  tiers: z.nullish(z.array(PublicTierSchema)),
})
export type PublicForm = z.infer<typeof PublicFormSchema>
