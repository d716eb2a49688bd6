import { describe, expect, it } from 'vitest'
import { reasonFromQuery, signOutReason } from '../src/utils/session'

describe('why a session ended', () => {
  it('reads the reason the server gives, not its sentence', () => {
    const answer = (reason?: string) => ({ body: { error: { code: 'unauthorized', message: 'whatever words', reason } } })
    expect(signOutReason(answer('account_disabled'))).toBe('disabled')
    expect(signOutReason(answer('token_revoked'))).toBe('revoked')
    expect(signOutReason(answer('token_expired'))).toBe('expired')
    expect(signOutReason(answer())).toBe('ended')
    expect(signOutReason(answer('something_new'))).toBe('ended')
    expect(signOutReason({ body: null })).toBe('ended')
    expect(signOutReason({ body: 'not json' })).toBe('ended')
  })
  it('takes only known reasons from the address', () => {
    expect(reasonFromQuery('disabled')).toBe('disabled')
    expect(reasonFromQuery('<script>')).toBeNull()
    expect(reasonFromQuery(['disabled'])).toBeNull()
  })
})
