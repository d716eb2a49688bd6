// Formatting helpers shared by the pages (pure, unit-tested).

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

/** 1536 → "1.5 KiB"; negative or not finite → "-". */
export function formatBytes(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n) || n < 0) return '-'
  let v = n
  let u = 0
  while (v >= 1024 && u < UNITS.length - 1) {
    v /= 1024
    u++
  }
  const digits = u === 0 || v >= 100 ? 0 : v >= 10 ? 1 : 2
  const text = digits ? v.toFixed(digits).replace(/0+$/, '').replace(/\.$/, '') : v.toFixed(0)
  return `${text} ${UNITS[u]}`
}

/** Bytes per second, as `1.5 MiB/s`. */
export function formatRate(n: number | null | undefined): string {
  return `${formatBytes(n)}/s`
}

/** A percentage for progress bars: clamped to 0–100, one decimal. */
export function clampPercent(p: number | null | undefined): number {
  if (p === null || p === undefined || !Number.isFinite(p)) return 0
  return Math.round(Math.min(100, Math.max(0, p)) * 10) / 10
}

/** used / total as a clamped percentage (0 when total is 0). */
export function ratioPercent(used: number, total: number): number {
  if (!total || total <= 0) return 0
  return clampPercent((used / total) * 100)
}

/** 8 → "8", 0.5 → "0.5", 1.23456 → "1.23". */
export function formatNumber(n: number | null | undefined, maxDigits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '-'
  return String(Math.round(n * 10 ** maxDigits) / 10 ** maxDigits)
}

/** An RFC 3339 time in the browser's zone: "2026-11-22 09:05:51"; empty → "-". */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '-'
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const p = (x: number) => String(x).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/**
 * A log line as Docker stores it, `2026-12-02T10:00:00.123456789Z text`, with
 * its time in the browser's time zone like every other time on the console
 * (`2026-12-02 18:00:00` in Asia/Shanghai); a line without a timestamp as is.
 */
export function localLogLine(line: string): string {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2}) ?(.*)$/s.exec(line)
  if (!m) return line
  const shown = formatTime(`${m[1]}${m[2]}`)
  return shown === '-' ? line : `${shown} ${m[3]}`
}

/** The price as the API gives it ("12.50") with a currency sign: "¥12.50". */
export function formatPrice(price: string | number): string {
  const n = typeof price === 'number' ? price : Number(price)
  if (!Number.isFinite(n)) return String(price)
  return `¥${n.toFixed(2)}`
}

/**
 * The jump-host command that goes straight into one instance: `user+instance`
 * as the SSH user name, host and port from the server (GET /api/v1/jumpbox/info).
 */
export function sshCommand(username: string, instance: string | number, host: string, port: number): string {
  return `ssh -p ${port} ${username}+${instance}@${host}`
}

/** Splits a log line "2026-11-22T09:05:51.123Z text" into time and text. */
export function splitLogLine(line: string): { time: string; text: string } {
  const m = /^(\d{4}-\d{2}-\d{2}T\S+)\s?(.*)$/s.exec(line)
  if (!m) return { time: '', text: line }
  return { time: m[1], text: m[2] }
}

/**
 * Only the editable fields of a form, for a request body: a form filled from a
 * resource also carries its id, times and read-only facts, which the API refuses
 * as unknown fields.
 */
export function pick<T extends object, K extends keyof T>(obj: T, keys: readonly K[]): Pick<T, K> {
  const out = {} as Pick<T, K>
  for (const k of keys) if (k in obj) out[k] = obj[k]
  return out
}
