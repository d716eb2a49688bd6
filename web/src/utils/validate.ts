// Client-side checks that mirror the server's rules (the server stays the judge;
// these give the answer while typing).

/** Instance names: `^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$` (docs/API.md). Answers an i18n key or null. */
export function instanceNameError(name: string): string | null {
  if (!name) return 'validate.required'
  if (name.length > 64) return 'validate.nameTooLong'
  if (!/^[A-Za-z0-9_-]+$/.test(name)) return 'validate.instanceName'
  // Docker refuses a container name that starts with '_' or '-'.
  if (!/^[A-Za-z0-9]/.test(name)) return 'validate.instanceNameStart'
  return null
}

/** Usernames: letters, digits, `_ . -`, starting with a letter or digit, 1–32. */
export function usernameError(name: string): string | null {
  if (!name) return 'validate.required'
  if (name.length > 32) return 'validate.usernameTooLong'
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name)) return 'validate.username'
  return null
}

/** Passwords: 8–256 characters. */
export function passwordError(pw: string): string | null {
  if (!pw) return 'validate.required'
  if (pw.length < 8) return 'validate.passwordShort'
  if (pw.length > 256) return 'validate.passwordLong'
  return null
}

/** Element Plus form rule from one of the checks above, translated with `t`. */
export function rule(check: (v: string) => string | null, t: (key: string) => string) {
  return {
    trigger: ['input', 'blur'],
    validator: (_r: unknown, value: string, cb: (e?: Error) => void) => {
      const key = check(value ?? '')
      if (key) cb(new Error(t(key)))
      else cb()
    },
  }
}

/**
 * The keep-alive command as typed: words separated by spaces (`sleep infinity`),
 * or a JSON array of strings when an argument holds spaces
 * (`["sh", "-c", "echo up; exec sleep infinity"]`). Throws on a malformed array.
 */
export function parseCommand(text: string): string[] {
  const s = text.trim()
  if (!s) return []
  if (s.startsWith('[')) {
    const v: unknown = JSON.parse(s)
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new Error('not an array of strings')
    return v
  }
  return s.split(/\s+/)
}

/** The inverse of parseCommand: plain words when that is unambiguous, else JSON. */
export function formatCommand(argv: string[]): string {
  if (argv.length === 0) return ''
  if (argv.every((a) => a !== '' && !/[\s"'[\]]/.test(a))) return argv.join(' ')
  return JSON.stringify(argv)
}

/** A port number 1–65535 (the server's rule for source and target ports). */
export function isPort(v: unknown): boolean {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535
}

/** An IPv4 address in dotted form, or an IPv6 address (checked by the URL parser). */
export function isIp(text: string): boolean {
  const s = text.trim()
  const v4 = s.split('.')
  if (v4.length === 4 && v4.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return true
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return false
  try {
    return new URL(`http://[${s}]/`).hostname.length > 2
  } catch {
    return false
  }
}

/** Rack positions as the server takes them: `U5` or `U5-U8`, units 1–60, start ≤ end. */
export function isUPosition(text: string): boolean {
  const m = /^\s*[Uu]?(\d{1,2})\s*(?:-\s*[Uu]?(\d{1,2}))?\s*$/.exec(text)
  if (!m) return false
  const start = Number(m[1])
  const end = m[2] === undefined ? start : Number(m[2])
  return start >= 1 && end <= 60 && start <= end
}

/** MAC addresses: six hex pairs joined by `:` or `-`, or `aabb.ccdd.eeff`. */
export function isMac(text: string): boolean {
  const s = text.trim()
  return /^[0-9a-fA-F]{2}([:-][0-9a-fA-F]{2}){5}$/.test(s) || /^[0-9a-fA-F]{4}(\.[0-9a-fA-F]{4}){2}$/.test(s)
}
