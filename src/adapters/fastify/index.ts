export { type LatchkeyPluginOptions, latchkeyPlugin } from './plugin.ts'
