import { Construct } from 'constructs'

/**
 * A part of the service stack grouped by flow (ingest, processing, delivery, staff, jobs). It
 * structures the code, not the template: ServiceStack leaves flows out of logical ids, so a
 * resource keeps the id it had at the stack's root and moving it between flows replaces nothing.
 */
export class Flow extends Construct {}
