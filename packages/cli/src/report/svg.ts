/** Escapes text for XML/HTML content and attribute values. */
export function esc(s: unknown): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A number for SVG coordinates: two decimals, no exponent. */
export function n2(v: number): string {
  return (Math.round(v * 100) / 100).toString();
}
