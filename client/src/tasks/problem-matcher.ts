// The `streamwise` problem matcher, as data: package.json contributes the same pattern (a test
// checks both against real `streamwise check` output). Text format: `file:line:col  severity  message  [rule]`.
export const CHECK_LINE_PATTERN = '^(.+?):(\\d+):(\\d+)\\s{2}(error|warning|info)\\s{2}(.*)\\s{2}\\[([A-Za-z0-9-]+)\\]$';

export interface CheckLine {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'info';
  message: string;
  rule: string;
}

export function matchCheckLine(text: string): CheckLine | undefined {
  const m = new RegExp(CHECK_LINE_PATTERN).exec(text);
  if (m === null) return undefined;
  const [, file = '', line = '0', column = '0', severity = 'info', message = '', rule = ''] = m;
  return { file, line: Number(line), column: Number(column), severity: severity as CheckLine['severity'], message, rule };
}
