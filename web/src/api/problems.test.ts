import { describe, expect, it } from 'vitest';
import { toFormProblem } from './problems';

const fieldOf = (f: string) => (f.startsWith('emails') ? 'email' : f === 'firstName' ? 'firstName' : null);

describe('toFormProblem', () => {
  it('maps validation errors to fields and keeps the rest general', () => {
    const p = toFormProblem(
      {
        status: 400,
        errors: [
          { field: 'emails[0].address', message: 'must be a well-formed email address' },
          { field: 'identifiable', message: 'a contact needs a first name, a last name or an email' },
        ],
      },
      fieldOf,
    );
    expect(p.fields).toEqual({ email: 'must be a well-formed email address' });
    expect(p.general).toBe('a contact needs a first name, a last name or an email');
  });

  it('keeps a duplicate’s existing record', () => {
    const p = toFormProblem({ status: 409, title: 'Duplicate', field: 'emails', existingId: 'x' }, fieldOf);
    expect(p.existingId).toBe('x');
    expect(p.fields.email).toBe('Duplicate');
  });

  it('puts a conflict’s detail, not its generic title, on the field', () => {
    const p = toFormProblem(
      {
        status: 409,
        title: 'Conflict',
        detail: 'A contact with this email already exists',
        field: 'emails',
        existingId: 'x',
      },
      fieldOf,
    );
    expect(p.fields.email).toBe('A contact with this email already exists');
    expect(p.general).toBeNull();
  });
});
