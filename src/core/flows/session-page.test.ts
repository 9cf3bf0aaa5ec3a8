import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { pageLink, pageRequest } from './session-page.ts'

describe('the session list page a query asks for', () => {
  it('asks for none without page or page_size (the plain list)', () => {
    for (const query of [undefined, '', 'other=1']) assert.equal(pageRequest(query), null)
  })

  it('reads page and page_size, defaulting to page 1 and 20 a page', () => {
    assert.deepEqual(pageRequest('page=3&page_size=7'), { page: 3, size: 7 })
    assert.deepEqual(pageRequest('page=2'), { page: 2, size: 20 })
    assert.deepEqual(pageRequest('page_size=5'), { page: 1, size: 5 })
  })

  it('caps page_size at 100 and ignores one that is not a positive number, as DRF', () => {
    assert.deepEqual(pageRequest('page_size=1000'), { page: 1, size: 100 })
    for (const size of ['0', '-3', 'x', '1.5', '%00'])
      assert.deepEqual(pageRequest(`page_size=${size}`), { page: 1, size: 20 })
  })

  it('refuses a page that is not a positive number with 404 Invalid page.', () => {
    for (const page of ['0', '-1', 'x', '', '1e3', '%00', '9'.repeat(20)])
      assert.throws(
        () => pageRequest(`page=${page}`),
        (error: { code: string; detail: string }) =>
          error.code === 'not_found' && error.detail === 'Invalid page.',
        page,
      )
  })

  it('links to another page of the same path', () => {
    assert.equal(pageLink('/accounts/sessions/', 2, 10), '/accounts/sessions/?page=2&page_size=10')
  })
})
