// Binding positional and keyword arguments to a method's parameters the way Python does, with Python's
// TypeError messages (CPython 3.10+), and the way inspect.Signature.bind reports it (JSON-2 in 19.0).
import { typeError } from './odoo-errors.js';
import { pyStringRepr } from './python-format.js';

interface Parameter {
  readonly name: string;
  /** Absent: the parameter is required. */
  readonly default?: unknown;
}

export interface Signature {
  /** How Python names the function in its messages, e.g. "BaseModel.search". */
  readonly qualname: string;
  readonly parameters: readonly Parameter[];
  /** Whether it takes **kwargs. */
  readonly varKeyword?: boolean;
}

export interface BoundArguments {
  readonly values: Record<string, unknown>;
  /** What **kwargs received. */
  readonly extra: Record<string, unknown>;
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;

function tooManyPositional(signature: Signature, given: number): string {
  const required = signature.parameters.filter((parameter) => !('default' in parameter)).length + 1;
  const total = signature.parameters.length + 1;
  const takes = required === total ? plural(total, 'positional argument') : `from ${required} to ${total} positional arguments`;
  return `${signature.qualname}() takes ${takes} but ${given + 1} ${given + 1 === 1 ? 'was' : 'were'} given`;
}

function missingRequired(signature: Signature, names: readonly string[]): string {
  const quoted = names.map(pyStringRepr);
  const last = quoted[quoted.length - 1];
  const list = quoted.length === 1 ? last : quoted.length === 2 ? `${quoted[0]} and ${last}` : `${quoted.slice(0, -1).join(', ')}, and ${last}`;
  return `${signature.qualname}() missing ${plural(names.length, 'required positional argument')}: ${list}`;
}

/** method(self, *args, **kwargs): the bound arguments, or the TypeError Python raises. */
export function bindPython(signature: Signature, args: readonly unknown[], kwargs: Readonly<Record<string, unknown>>): BoundArguments {
  if (args.length > signature.parameters.length) throw typeError(tooManyPositional(signature, args.length));
  const bound: Record<string, unknown> = {};
  signature.parameters.forEach((parameter, index) => {
    if (index < args.length) bound[parameter.name] = args[index];
  });
  const extra: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(kwargs)) {
    const known = signature.parameters.some((parameter) => parameter.name === name);
    if (known && name in bound) throw typeError(`${signature.qualname}() got multiple values for argument ${pyStringRepr(name)}`);
    if (!known && !signature.varKeyword) {
      throw typeError(`${signature.qualname}() got an unexpected keyword argument ${pyStringRepr(name)}`);
    }
    (known ? bound : extra)[name] = value;
  }
  return fillDefaults(signature, bound, extra, (missing) => typeError(missingRequired(signature, missing)));
}

/** inspect.signature(method).bind(records, **kwargs), as the JSON-2 controller calls it. */
export function bindSignature(signature: Signature, kwargs: Readonly<Record<string, unknown>>): BoundArguments {
  const bound: Record<string, unknown> = {};
  const extra: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(kwargs)) {
    const known = signature.parameters.some((parameter) => parameter.name === name);
    if (!known && !signature.varKeyword) throw typeError(`got an unexpected keyword argument ${pyStringRepr(name)}`);
    (known ? bound : extra)[name] = value;
  }
  return fillDefaults(signature, bound, extra, (missing) => typeError(`missing a required argument: ${pyStringRepr(missing[0])}`));
}

function fillDefaults(
  signature: Signature,
  bound: Record<string, unknown>,
  extra: Record<string, unknown>,
  missingError: (names: string[]) => Error,
): BoundArguments {
  const missing = signature.parameters.filter((parameter) => !(parameter.name in bound) && !('default' in parameter));
  if (missing.length > 0) throw missingError(missing.map((parameter) => parameter.name));
  for (const parameter of signature.parameters) {
    if (!(parameter.name in bound)) bound[parameter.name] = parameter.default;
  }
  return { values: bound, extra };
}
