#!/usr/bin/env node
// The published `latchkey` command (compiled to dist/cli/bin.js). From a clone, `npm run latchkey` runs main.ts
// directly. The CLI is loaded only after the version check, so an older Node prints what it needs instead of
// failing on a missing `node:sqlite`.
import { isSupportedNode, MINIMUM_NODE } from './node-version.ts'

if (!isSupportedNode(process.versions.node)) {
  console.error(`latchkey needs Node.js ${MINIMUM_NODE} or newer; this is Node.js ${process.versions.node}.`)
  process.exitCode = 1
} else {
  const { run } = await import('./main.ts')
  await run(process.argv.slice(2))
}
