/** `npm run example -- <fastify|express|hono|web>`: starts that example app (after `npm run latchkey -- migrate`). */
const EXAMPLES = ['fastify', 'express', 'hono', 'web']
const name = process.argv[2] ?? ''
if (!EXAMPLES.includes(name)) {
  console.error(`Usage: npm run example -- <${EXAMPLES.join('|')}>`)
  process.exit(2)
}
await import(`./${name}/main.ts`)
