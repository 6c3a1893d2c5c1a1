import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from './catalogue';

describe('the webhook event catalogue', () => {
  it('is every event type api/asyncapi.json documents, grouped by record type', () => {
    const asyncapi = JSON.parse(readFileSync(resolve(__dirname, '../../../../api/asyncapi.json'), 'utf8')) as {
      components: { messages: Record<string, { name?: string }> };
    };
    const documented = [...new Set(Object.entries(asyncapi.components.messages).map(([k, m]) => m.name ?? k))].sort();
    expect(CATALOGUE.flatMap((g) => g.types).sort()).toEqual(documented);
    for (const group of CATALOGUE) {
      for (const type of group.types) expect(type.startsWith(`${group.group}.`)).toBe(true);
    }
  });
});
