import { runGolive } from './golive-cli.js'

runGolive(process.argv.slice(2))
  .then((code) => process.exit(code))
  .catch((error) => {
    console.error((error as Error).message)
    process.exit(1)
  })
