import { differenceInCalendarDays, format as formatDay, parseISO } from 'date-fns';
import type { DealSchemas } from '../api/client';

export type Deal = DealSchemas['DealResponse'];
export type Board = DealSchemas['Board'];
export type Column = DealSchemas['Column'];
export type Stage = DealSchemas['Stage'];
export type Pipeline = DealSchemas['PipelineView'];
export type Total = DealSchemas['Total'];
export type StageHistoryEntry = DealSchemas['StageHistoryEntry'];

/**
 * Money as the deal service really writes and reads it: the value is an exact decimal STRING ("1234.50"), never a
 * JSON number (a number is refused with 400). The OpenAPI document declares `value` a number, so the generated type
 * says number; this type and `moneyBody` say what goes over the wire.
 */
export interface Money {
  value: string;
  currency: string;
}

/** The amount of a deal as the API answered it (a decimal string, whatever the generated type claims). */
export function amountOf(deal: Pick<Deal, 'amount'>): Money | null {
  const a = deal.amount as unknown as { value?: string | number; currency?: string } | undefined;
  if (!a || a.value === undefined || a.value === null || !a.currency) return null;
  return { value: String(a.value), currency: a.currency };
}

/** Money for a request body: the decimal string the service wants, typed as the generated (number) schema. */
export function moneyBody(value: string, currency: string): DealSchemas['Money'] {
  return { value: value.trim() as unknown as number, currency: currency.trim().toUpperCase() };
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** "€12,500.00" from the exact decimal string: Intl formats the string itself, so no float rounding creeps in. */
export function formatMoney(value: string | undefined | null, currency: string): string {
  if (value === undefined || value === null || value === '') return '';
  let f = moneyFormats.get(currency);
  if (!f) {
    try {
      f = new Intl.NumberFormat(undefined, { style: 'currency', currency, maximumFractionDigits: 4 });
    } catch {
      f = new Intl.NumberFormat(undefined, { maximumFractionDigits: 4 });
    }
    moneyFormats.set(currency, f);
  }
  // Intl.NumberFormat formats decimal strings exactly (ES2023); TypeScript's lib still types only number | bigint.
  return f.format(value as unknown as number);
}

/** Whole days since the deal entered its stage (0 on the day it moved). */
export function daysInStage(deal: Pick<Deal, 'stageEnteredAt'>, now: Date = new Date()): number | null {
  return deal.stageEnteredAt ? Math.max(0, differenceInCalendarDays(now, parseISO(deal.stageEnteredAt))) : null;
}

export function formatDate(value: string | undefined | null): string {
  return value ? formatDay(parseISO(value), 'd MMM yyyy') : '';
}

export function formatDateTime(value: string | undefined | null): string {
  return value ? formatDay(parseISO(value), 'd MMM yyyy, HH:mm') : '';
}

/** "3 days", "5 hours", "12 minutes": how long a deal stayed in a stage. */
export function formatDuration(millis: number | undefined | null): string {
  if (millis === undefined || millis === null) return '';
  const minutes = Math.round(millis / 60_000);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'}`;
  const days = Math.round(hours / 24);
  return `${days} days`;
}

/** The names the deal response carries for what it refers to (company, contacts, pipeline, stage). */
export function nameOf(deal: Pick<Deal, 'names'>, id: string | undefined | null): string | undefined {
  return id ? deal.names?.[id] : undefined;
}

/** The deal's organisation and person, as the card and record show them: "Acme · Ada Lovelace". */
export function partiesOf(deal: Deal): { company?: string; contact?: string; contactId?: string } {
  const contactId = deal.primaryContactId ?? deal.contactIds?.[0];
  return { company: nameOf(deal, deal.companyId), contact: nameOf(deal, contactId), contactId };
}

/** Currencies offered first in pickers; any ISO 4217 code may be typed. */
export const COMMON_CURRENCIES = ['EUR', 'USD', 'GBP', 'CHF', 'SEK', 'JPY'];
