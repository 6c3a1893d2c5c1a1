import type { ContactSchemas } from '../api/client';

export type Company = ContactSchemas['CompanyView'];

/** The company sizes the API takes (CompanyDetails.size). */
export const SIZES = ['1-10', '11-50', '51-200', '201-500', '501-1000', '1001-5000', '5001+'];

export function cityOf(c: Company): string {
  return [c.address?.city, c.address?.country].filter(Boolean).join(', ');
}
