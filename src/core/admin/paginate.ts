import { AuthError } from '../errors.ts'
import { type AuthRequest, headerValue } from '../http.ts'
import { queryParams } from './query-params.ts'

/** Results per page unless `page_size` asks otherwise, and the most it may ask for. */
export const DEFAULT_PAGE_SIZE = 25
export const MAX_PAGE_SIZE = 100

export interface PageRequest {
  readonly page: number
  readonly offset: number
  readonly limit: number
}

/** DRF's `PageNumberPagination` message for a page that is not a positive integer or lies past the end. */
const invalidPage = () => new AuthError('not_found', 'Invalid page.')

/** `?page=` and `?page_size=` as DRF reads them: a bad page is a 404, a bad size falls back to the default. */
export function pageRequest(request: AuthRequest): PageRequest {
  const params = queryParams(request)
  const rawPage = params.get('page')
  const page =
    rawPage === null || rawPage === '' ? 1 : /^[1-9][0-9]{0,8}$/.test(rawPage) ? Number(rawPage) : 0
  if (page === 0) throw invalidPage()
  const rawSize = params.get('page_size')
  const size = rawSize !== null && /^[1-9][0-9]{0,8}$/.test(rawSize) ? Number(rawSize) : DEFAULT_PAGE_SIZE
  const limit = Math.min(size, MAX_PAGE_SIZE)
  return { page, offset: (page - 1) * limit, limit }
}

function pageUrl(request: AuthRequest, page: number): string {
  const params = queryParams(request)
  // DRF's `remove_query_param` for page 1, `replace_query_param` otherwise.
  if (page === 1) params.delete('page')
  else params.set('page', String(page))
  const query = params.toString()
  const scheme = request.secure ? 'https' : 'http'
  const host = headerValue(request.headers, 'host') ?? 'localhost'
  return `${scheme}://${host}${request.path}${query === '' ? '' : `?${query}`}`
}

/**
 * DRF's paginated body `{count, next, previous, results}` with absolute `next`/`previous` links (as
 * `request.build_absolute_uri` makes them). A page past the last one is a 404, except page 1 of nothing.
 */
export function paginated<T>(request: AuthRequest, page: PageRequest, count: number, results: readonly T[]) {
  const pages = Math.max(1, Math.ceil(count / page.limit))
  if (page.page > pages) throw invalidPage()
  return {
    count,
    next: page.page < pages ? pageUrl(request, page.page + 1) : null,
    previous: page.page > 1 ? pageUrl(request, page.page - 1) : null,
    results,
  }
}
