import { AuthError } from '../errors.ts'

/** DRF's PageNumberPagination defaults for the session list: 20 a page unless `page_size` asks, at most 100. */
export const DEFAULT_PAGE_SIZE = 20
export const MAX_PAGE_SIZE = 100

export interface PageRequest {
  /** 1-based. */
  readonly page: number
  readonly size: number
}

const POSITIVE = /^[1-9][0-9]{0,8}$/

/**
 * The page a `?page=&page_size=` query asks for, or null when it asks for none (the unpaged list). As DRF's
 * PageNumberPagination: a `page` that is not a positive number is `404 Invalid page.`; a `page_size` that is not
 * one falls back to the default, and a larger one is capped.
 *
 * @example pageRequest('page=2&page_size=10') // { page: 2, size: 10 }
 */
export function pageRequest(query: string | undefined): PageRequest | null {
  if (query === undefined || query === '') return null
  const params = new URLSearchParams(query)
  const page = params.get('page')
  const size = params.get('page_size')
  if (page === null && size === null) return null
  if (page !== null && !POSITIVE.test(page)) throw invalidPage()
  const asked = size !== null && POSITIVE.test(size) ? Number(size) : DEFAULT_PAGE_SIZE
  return { page: page === null ? 1 : Number(page), size: Math.min(asked, MAX_PAGE_SIZE) }
}

export function invalidPage(): AuthError {
  return new AuthError('not_found', 'Invalid page.')
}

/** The link to another page of the same list, relative to the server (DRF gives absolute ones). */
export function pageLink(path: string, page: number, size: number): string {
  return `${path}?page=${page}&page_size=${size}`
}
