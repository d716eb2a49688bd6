// Why the server ended a signed-in session, read from its 401 answer's
// `error.reason` (docs/API.md, Authentication), so the sign-in page can say it.

import type { ApiError } from '../api/client'

export const SIGN_OUT_REASONS = ['disabled', 'revoked', 'expired', 'ended'] as const
export type SignOutReason = (typeof SIGN_OUT_REASONS)[number]

const BY_SERVER_REASON: Record<string, SignOutReason> = {
  account_disabled: 'disabled',
  token_revoked: 'revoked',
  token_expired: 'expired',
}

/** The reason a 401 gives; `ended` when it gives none (a token that never was). */
export function signOutReason(e: Pick<ApiError, 'body'>): SignOutReason {
  const reason = (e.body as { error?: { reason?: unknown } } | null | undefined)?.error?.reason
  return (typeof reason === 'string' && BY_SERVER_REASON[reason]) || 'ended'
}

/** The reason in a sign-in page's `?reason=`, when it is one we know. */
export function reasonFromQuery(v: unknown): SignOutReason | null {
  return typeof v === 'string' && (SIGN_OUT_REASONS as readonly string[]).includes(v) ? (v as SignOutReason) : null
}
