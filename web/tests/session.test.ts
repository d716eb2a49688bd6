import { describe, expect, it } from 'vitest'
import { reasonFromQuery, signOutReason } from '../src/utils/session'

describe('why a session ended', () => {
  it('reads the server sentences', () => {
    expect(signOutReason('this account is disabled')).toBe('disabled')
    expect(signOutReason('token has been revoked')).toBe('revoked')
    expect(signOutReason('token has expired')).toBe('expired')
    expect(signOutReason('invalid token')).toBe('ended')
  })
  it('takes only known reasons from the address', () => {
    expect(reasonFromQuery('disabled')).toBe('disabled')
    expect(reasonFromQuery('<script>')).toBeNull()
    expect(reasonFromQuery(['disabled'])).toBeNull()
  })
})
