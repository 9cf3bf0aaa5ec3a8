export { httpConventionsPlugin } from './http-conventions.ts'
export { type LatchkeyPluginOptions, latchkeyPlugin } from './plugin.ts'
