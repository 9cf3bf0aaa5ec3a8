/**
 * The oldest Node.js that runs Latchkey: 22.13 is the first release line where `node:sqlite` (the default store)
 * loads without the `--experimental-sqlite` flag (Node.js 22.13.0 changelog). package.json's `engines` says the same.
 */
export const MINIMUM_NODE = '22.13.0'

/** Whether a `process.versions.node` string is at least {@link MINIMUM_NODE}. */
export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  const [needMajor = 0, needMinor = 0] = MINIMUM_NODE.split('.').map(Number)
  return major > needMajor || (major === needMajor && minor >= needMinor)
}
