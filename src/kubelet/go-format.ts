/**
 * Go's formatting of the values that appear in user-visible probe and hook messages, so the
 * messages read exactly as upstream's (`%q`, `%v` of a string slice, time.Duration, format.Pod).
 */

/** Go's strconv.Quote (`%q`) for a string: escapes quotes, backslashes and non-printables. */
export function goQuote(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    switch (ch) {
      case '"': out += '\\"'; continue;
      case '\\': out += '\\\\'; continue;
      case '\x07': out += '\\a'; continue;
      case '\b': out += '\\b'; continue;
      case '\f': out += '\\f'; continue;
      case '\n': out += '\\n'; continue;
      case '\r': out += '\\r'; continue;
      case '\t': out += '\\t'; continue;
      case '\v': out += '\\v'; continue;
    }
    if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else if (code === 0xfffd) out += '\\ufffd';
    else out += ch;
  }
  return out + '"';
}

/** Go's `%v` of a []string: `[a b c]`. */
export function goStrings(values: readonly string[]): string {
  return `[${values.join(' ')}]`;
}

/** Go's time.Duration String() for a whole number of milliseconds (`1s`, `1m30s`, `500ms`). */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const totalSeconds = ms / 1000;
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds - hours * 3600 - minutes * 60;
  const s = `${Number.isInteger(seconds) ? seconds : seconds.toFixed(3).replace(/0+$/, '')}s`;
  if (hours > 0) return `${hours}h${minutes}m${s}`;
  if (minutes > 0) return `${minutes}m${s}`;
  return s;
}

/** kubelet's format.Pod: `name_namespace(uid)`. */
export function formatPod(pod: { metadata: { name?: string; namespace?: string; uid?: string } }): string {
  const { name = '', namespace = '', uid = '' } = pod.metadata;
  return `${name}_${namespace}(${uid})`;
}

/** Go's net.JoinHostPort: brackets IPv6 literals. */
export function joinHostPort(host: string, port: number | string): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
