import { HttpStatus, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { ApiException } from '../errors/api.exception.js';

/** Deeper than any request of this API: its bodies are flat objects of values and lists of values. */
const MAX_DEPTH = 10;

type Problem = { field: string; error: string };

/**
 * Global, before the ValidationPipe: refuses bodies, queries and path parameters holding text that is never
 * meaningful here and breaks what comes after: a NUL character (MongoDB refuses it in a search pattern, FerretDB
 * cannot store it at all) or a lone surrogate (validator's isEmail throws on it), or nested deeper than MAX_DEPTH
 * (class-transformer would recurse until the stack overflows).
 */
@Injectable()
export class UnsafeInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'custom') return value;
    const problem = problemIn(value, metadata.data ?? '', 0);
    if (problem) {
      throw new ApiException(HttpStatus.BAD_REQUEST, 'VALIDATION_FAILED', 'Request validation failed', {
        details: [{ field: problem.field || metadata.type, errors: [problem.error] }],
      });
    }
    return value;
  }
}

function problemIn(value: unknown, field: string, depth: number): Problem | undefined {
  if (typeof value === 'string') return textProblem(value, field);
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth >= MAX_DEPTH) return { field, error: `must not be nested more than ${MAX_DEPTH} levels deep` };
  for (const [key, item] of Object.entries(value)) {
    const problem = problemIn(item, field ? `${field}.${key}` : key, depth + 1);
    if (problem) return problem;
  }
  return undefined;
}

function textProblem(text: string, field: string): Problem | undefined {
  if (text.includes('\u0000')) return { field, error: 'must not contain a NUL character' };
  if (!text.isWellFormed()) return { field, error: 'must be well-formed Unicode (no lone surrogate)' };
  return undefined;
}
