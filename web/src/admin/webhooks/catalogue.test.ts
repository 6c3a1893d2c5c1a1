import { describe, expect, it } from 'vitest';
import asyncapi from '../../../../api/asyncapi.json';
import { CATALOGUE, NOT_DELIVERED } from './catalogue';

describe('the webhook event catalogue', () => {
  it('is every event type api/asyncapi.json documents that webhooks deliver, grouped by record type', () => {
    const messages = (asyncapi as unknown as { components: { messages: Record<string, { name?: string }> } }).components.messages;
    const documented = [...new Set(Object.entries(messages).map(([k, m]) => m.name ?? k))]
      .filter((type) => !NOT_DELIVERED.some((group) => type.startsWith(`${group}.`)))
      .sort();
    expect(documented.length).toBeGreaterThan(30);
    expect(CATALOGUE.flatMap((g) => g.types).sort()).toEqual(documented);
    for (const group of CATALOGUE) {
      for (const type of group.types) expect(type.startsWith(`${group.group}.`)).toBe(true);
    }
  });
});
