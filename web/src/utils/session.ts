// Why the server ended a signed-in session, read from its 401 answer: the
// sentences of docs/API.md (Authentication), so the sign-in page can say it.

export const SIGN_OUT_REASONS = ['disabled', 'revoked', 'expired', 'ended'] as const
export type SignOutReason = (typeof SIGN_OUT_REASONS)[number]

export function signOutReason(message: string): SignOutReason {
  if (message.includes('account is disabled')) return 'disabled'
  if (message.includes('revoked')) return 'revoked'
  if (message.includes('expired')) return 'expired'
  return 'ended'
}

/** The reason in a sign-in page's `?reason=`, when it is one we know. */
export function reasonFromQuery(v: unknown): SignOutReason | null {
  return typeof v === 'string' && (SIGN_OUT_REASONS as readonly string[]).includes(v) ? (v as SignOutReason) : null
}
