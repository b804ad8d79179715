import { keepOwnProcessState, restoreOwnEnvironment } from './own-process-state.js'

// Every test process gets dummy AWS settings so no SDK call can reach a real account.
process.env.AWS_REGION ??= 'eu-west-3'
process.env.AWS_ACCESS_KEY_ID ??= 'AKIDTEST'
process.env.AWS_SECRET_ACCESS_KEY ??= 'test-secret'
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true'
process.env.TZ ??= 'UTC'

// Kept before any test code of this process, given back to every file (own-process-state.ts).
keepOwnProcessState()
restoreOwnEnvironment()
