// Piston's run statuses and the examples offered in the sandbox page.

/** Piston's statuses; `null` (shown as OK) is a run that exited 0. */
export const PISTON_STATUSES = ['RE', 'SG', 'TO', 'OL', 'EL', 'XX'] as const

/** The i18n key of a stage's status (`sandbox.status.OK` for success, `…unknown` for anything new). */
export function statusKey(status: string | null | undefined): string {
  if (!status) return 'sandbox.status.OK'
  return (PISTON_STATUSES as readonly string[]).includes(status) ? `sandbox.status.${status}` : 'sandbox.status.unknown'
}

/** The tag colour of a stage's status. */
export function statusType(status: string | null | undefined): 'success' | 'warning' | 'danger' | 'info' {
  if (!status) return 'success'
  if (status === 'RE') return 'warning'
  if (status === 'XX') return 'info'
  return 'danger'
}

/** Starter code for the built-in runtimes (anything else starts empty). */
export const EXAMPLES: Record<string, string> = {
  python: 'name = input()\nprint(f"Hello, {name}!")\n',
  bash: 'read name\necho "Hello, $name!"\n',
  c: '#include <stdio.h>\n\nint main(void) {\n    char name[64];\n    if (scanf("%63s", name) == 1) printf("Hello, %s!\\n", name);\n    return 0;\n}\n',
}

/** Splits the args field: one argument per line (empty lines dropped). */
export function parseArgs(text: string): string[] {
  return text.split(/\r?\n/).filter((a) => a !== '')
}
