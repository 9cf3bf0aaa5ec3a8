import { readdirSync, readFileSync } from 'node:fs'
import { stripTypeScriptTypes } from 'node:module'
import { basename, dirname, extname, resolve } from 'node:path'

/**
 * A folder of modules served to browsers: `entry` (named without its extension) at `entryUrl`, the others under
 * `prefix`; a folder without an entry (modules shared by pages) serves every module under `prefix`. In a checkout
 * the folder holds the TypeScript sources; in the npm package, the compiled JavaScript.
 */
export interface ModuleFolder {
  readonly dir: string
  readonly entry?: string
  readonly entryUrl?: string
  readonly prefix: string
}

// Relative specifiers in import and export statements and dynamic import(): the only ones our browser code uses.
const RELATIVE_SPECIFIER = /(\bfrom\s*|\bimport\s*\(?\s*)(['"])(\.{1,2}\/[^'"]+?\.(?:ts|js))\2/g

/** A module to serve: TypeScript source (types are stripped) or JavaScript compiled from it (served as it is). */
const isModule = (name: string) =>
  (name.endsWith('.ts') || name.endsWith('.js')) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')

/**
 * Serves browser TypeScript as JavaScript without a bundler: types are stripped with Node's own stripper (the one
 * that runs our `.ts` files, so the browser gets exactly the code the type-checker saw, at the same line and
 * column) and relative `./x.ts` imports become the URLs the files are served at. Each module is built once, on
 * first request.
 */
export class BrowserModules {
  readonly #urls = new Map<string, string>()
  readonly #built = new Map<string, string>()

  constructor(folders: readonly ModuleFolder[]) {
    for (const folder of folders) {
      for (const name of readdirSync(folder.dir)) {
        if (!isModule(name)) continue
        const file = resolve(folder.dir, name)
        this.#urls.set(file, this.#urlOf(folder, file))
      }
    }
  }

  /** Every URL served, e.g. to register one route each. */
  urls(): string[] {
    return [...this.#urls.values()]
  }

  /** The JavaScript for a URL, or undefined when no module is served there. */
  source(url: string): string | undefined {
    const cached = this.#built.get(url)
    if (cached !== undefined) return cached
    const file = [...this.#urls].find(([, served]) => served === url)?.[0]
    if (file === undefined) return undefined
    const built = this.#build(file)
    this.#built.set(url, built)
    return built
  }

  #urlOf(folder: ModuleFolder, file: string): string {
    const name = basename(file, extname(file))
    return name === folder.entry && folder.entryUrl !== undefined
      ? folder.entryUrl
      : `${folder.prefix}${name}.js`
  }

  #build(file: string): string {
    const source = readFileSync(file, 'utf8')
    const javascript = file.endsWith('.ts') ? stripTypeScriptTypes(source, { mode: 'strip' }) : source
    return javascript.replace(
      RELATIVE_SPECIFIER,
      (_match, keyword: string, quote: string, specifier: string) => {
        const url = this.#urls.get(resolve(dirname(file), specifier))
        // A browser module may only import what is served; anything else is a bug to find at the first request.
        if (url === undefined)
          throw new Error(`${file} imports ${specifier}, which is not served to browsers`)
        return `${keyword}${quote}${url}${quote}`
      },
    )
  }
}
