/**
 * The oldest Node.js that runs Latchkey, as package.json's `engines` says: the SQLite store needs `node:sqlite`
 * without a flag (22.13) and `StatementSync.columns()` (nodejs/node#57490: 23.11.0, backported to 22.16.0).
 * Measured: 22.13.0 fails at the first migration and 22.15.0 has no `columns()`; 22.16.0 serves.
 */
export const MINIMUM_NODE = '22.16.0'

/** Whether a `process.versions.node` string is at least {@link MINIMUM_NODE}. */
export function isSupportedNode(version: string): boolean {
  const [major = 0, minor = 0] = version.split('.').map(Number)
  const [needMajor = 0, needMinor = 0] = MINIMUM_NODE.split('.').map(Number)
  return major > needMajor || (major === needMajor && minor >= needMinor)
}
