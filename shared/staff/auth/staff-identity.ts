import * as z from 'zod'

/** `viewer` searches and downloads; `manager` also resends, cancels, corrects and resolves. */
export const StaffRoleSchema = z.enum(['viewer', 'manager'])
export type StaffRole = z.infer<typeof StaffRoleSchema>

/**
 * Who is acting, as the audit log records it. `orgId` is the one organisation this identity may
 * act on: callers compare it with the organisation they serve and refuse any other.
 */
export const StaffIdentitySchema: z.ZodType<StaffIdentity> = z.object({
  /** Stable across sign-ins (Cognito `sub`, or `local:<role>`): what the audit keys on. */
  id: z.string().min(1),
  /** For display and the audit trail; never logged. */
  name: z.string().min(1),
  email: z.string().optional(),
  role: StaffRoleSchema,
  orgId: z.string().min(1),
})
export interface StaffIdentity {
  id: string
  name: string
  email?: string
  role: StaffRole
  orgId: string
}

export type StaffAction = 'read' | 'write'

export function can(identity: StaffIdentity, action: StaffAction): boolean {
  return action === 'read' || identity.role === 'manager'
}
