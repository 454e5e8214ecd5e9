import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, Matches } from 'class-validator';
import { invalidRange } from '../../common/errors/common-errors.js';
import { escapeRegex } from '../../common/text/escape-regex.js';
import { DAY_PATTERN } from './days.js';

/** A query or body field holding a calendar date, `YYYY-MM-DD`, that exists (no February 30th). */
export function IsDay() {
  return applyDecorators(
    Matches(DAY_PATTERN, { message: '$property must be a date as YYYY-MM-DD' }),
    IsISO8601({ strict: true }, { message: '$property must be a valid date' }),
    ApiPropertyOptional({ type: String, format: 'date' }),
  );
}

/** Documents a Money field: amounts per currency code. */
export function ApiMoney(description: string) {
  return ApiProperty({
    description: `${description}. Amounts per currency code, in currency units (never converted between currencies).`,
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { EUR: 125400.5, USD: 18000 },
  });
}

/** `name` and `-name` for every sortable field: the values a `sort` parameter accepts. */
export function sortValues(fields: Record<string, string>): string[] {
  return Object.keys(fields).flatMap((field) => [field, `-${field}`]);
}

/** A validated `sort` value as a MongoDB sort, with `_id` last so that pages never overlap. */
export function sortSpec(sort: string, fields: Record<string, string>): Record<string, 1 | -1> {
  const descending = sort.startsWith('-');
  const field = fields[descending ? sort.slice(1) : sort];
  return { [field]: descending ? -1 : 1, _id: 1 };
}

/** Case-insensitive containment on the lower-case `search_text` the sync writes. */
export function textSearch(q: string | undefined): Record<string, unknown> {
  const text = q?.trim().toLowerCase();
  return text ? { search_text: { $regex: escapeRegex(text) } } : {};
}

/** A `{ $gte, $lte }` condition from optional bounds, or nothing. */
export function range(from: unknown, to: unknown): Record<string, unknown> | undefined {
  const condition: Record<string, unknown> = {};
  if (from !== undefined) condition.$gte = from;
  if (to !== undefined) condition.$lte = to;
  return Object.keys(condition).length ? condition : undefined;
}

/** 400 when a range's lower bound is above its upper bound. */
export function checkRange(from: string | number | undefined, to: string | number | undefined, names: string): void {
  if (from !== undefined && to !== undefined && from > to) {
    throw invalidRange(names);
  }
}
