/**
 * Money in responses: amounts per ISO currency code, e.g. `{ "EUR": 1234.5, "USD": 80 }`. Records keep their
 * own currency (an opportunity its company's, an invoice its own), and amounts in different currencies are
 * never added together; a currency whose amount is zero is left out. Sums are made in integer cents and
 * converted to units only here.
 */
export type Money = Record<string, number>;

/** ISO 4217's code for "no currency", for records Odoo gave none. */
const NO_CURRENCY = 'XXX';

/** Integer cents per currency, while summing. */
export type Cents = Record<string, number>;

export function addCents(target: Cents, currency: unknown, cents: number): void {
  const code = currencyOf(currency);
  target[code] = (target[code] ?? 0) + cents;
}

export function toMoney(cents: Cents): Money {
  return Object.fromEntries(
    Object.keys(cents)
      .filter((code) => cents[code] !== 0)
      .sort()
      .map((code) => [code, toUnits(cents[code])]),
  );
}

export function toUnits(cents: number): number {
  return cents / 100;
}

export function currencyOf(value: unknown): string {
  return typeof value === 'string' && value !== '' ? value : NO_CURRENCY;
}
