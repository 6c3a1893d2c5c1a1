/** A record's If-Match value: the services' strong ETag is the record's version in quotes. */
export function ifMatch(record: { version?: number }): string {
  return `"${record.version ?? 0}"`;
}

/** The ETag a response carried (when strong), else the one the record's version makes. */
export function etagOf(response: Response, version: number | undefined): string {
  const tag = response.headers.get('ETag');
  if (tag && !tag.startsWith('W/')) return tag;
  return ifMatch({ version });
}
