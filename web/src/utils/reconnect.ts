// When a dropped terminal tries again by itself: soon at first (a server
// restart takes seconds), then every 10 s, for about five minutes in all.

const FIRST_DELAYS_S = [1, 2, 4, 8]
const THEN_EVERY_S = 10
export const MAX_RECONNECTS = 34 // 15 s + 30 × 10 s

/** The wait before automatic reconnect number `attempt` (from 1), in ms; null once given up. */
export function reconnectDelay(attempt: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > MAX_RECONNECTS) return null
  return (FIRST_DELAYS_S[attempt - 1] ?? THEN_EVERY_S) * 1000
}

/**
 * How a terminal socket ended, and so what the pane does next: a shell that
 * exited (or access that ended: the server says `exit` first) stays closed;
 * a socket that was open and dropped without `exit` (a restarting server says
 * 1012) reconnects; one refused before it opened is explained — unless it was
 * itself an automatic reconnect, which keeps trying.
 */
export function afterClose(s: { exited: boolean; wasOpen: boolean; retrying: boolean }): 'stay' | 'retry' | 'explain' {
  if (s.exited) return 'stay'
  if (s.wasOpen || s.retrying) return 'retry'
  return 'explain'
}
