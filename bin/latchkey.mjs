#!/usr/bin/env node
// The CLI is TypeScript run by Node 24's type stripping; npm puts the pinned Node 24 first on PATH for npx/npm run.
import { run } from '../src/cli/main.ts'

await run(process.argv.slice(2))
