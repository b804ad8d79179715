// Types `inject('dynamoEndpoint')` in tests; the value comes from global-setup.ts.
import 'vitest'

declare module 'vitest' {
  export interface ProvidedContext {
    /** http://127.0.0.1:PORT of the DynamoDB Local shared by the whole run. */
    dynamoEndpoint: string
  }
}
