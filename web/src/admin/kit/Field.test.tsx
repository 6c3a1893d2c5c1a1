import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { Field } from './Field';

const description = (el: HTMLElement) =>
  (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => document.getElementById(id)?.textContent)
    .join(' ');

describe('the admin form field', () => {
  it('labels its control and describes it by the hint, or by the error that marks it invalid', () => {
    const { rerender } = render(
      <Field id="f" label="Move their records to" hint="Owned records.">
        {(control) => <select {...control} />}
      </Field>,
    );
    const select = screen.getByLabelText('Move their records to');
    expect(select.id).toBe('f');
    expect(select.getAttribute('aria-invalid')).toBeNull();
    expect(description(select)).toBe('Owned records.');

    rerender(
      <Field id="f" label="Move their records to" hint="Owned records." error="Choose who takes over.">
        {(control) => <select {...control} />}
      </Field>,
    );
    expect(select.getAttribute('aria-invalid')).toBe('true');
    expect(description(select)).toBe('Choose who takes over.');
    expect(screen.queryByText('Owned records.')).toBeNull();

    rerender(<Field id="g" label="Name">{(control) => <input {...control} />}</Field>);
    expect(screen.getByLabelText('Name').getAttribute('aria-describedby')).toBeNull();
  });
});
