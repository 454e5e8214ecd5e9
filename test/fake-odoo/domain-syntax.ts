// Domain syntax as odoo/osv/expression.py (17.0) reads it: prefix operators '&' '|' '!', an implicit '&'
// between consecutive terms, [] meaning "everything".
import { builtinError, valueError } from './odoo-errors.js';
import { pyRepr } from './python-format.js';

const TRUE_LEAF = [1, '=', 1] as const;

export type DomainNode =
  | { readonly kind: 'and' | 'or'; readonly left: DomainNode; readonly right: DomainNode }
  | { readonly kind: 'not'; readonly child: DomainNode }
  | { readonly kind: 'term'; readonly term: unknown };

const ARITY: Readonly<Record<string, number>> = { '!': 1, '&': 2, '|': 2 };

/** expression.normalize_domain: makes the implicit '&' explicit and checks the arity of the operators. */
export function normalizeDomain(domain: unknown): unknown[] {
  if (!Array.isArray(domain)) {
    throw builtinError(
      'AssertionError',
      "Domains to normalize must have a 'domain' form: a list or tuple of domain components",
    );
  }
  if (domain.length === 0) return [TRUE_LEAF];
  const result: unknown[] = [];
  let expected = 1;
  for (const token of domain as unknown[]) {
    if (expected === 0) {
      result.unshift('&');
      expected = 1;
    }
    expected += Array.isArray(token) ? -1 : (typeof token === 'string' ? (ARITY[token] ?? 0) : 0) - 1;
    result.push(token);
  }
  if (expected !== 0) throw valueError(`Domain ${pyRepr(domain)} is syntactically not correct.`);
  return result;
}

/** The tree of a normalized prefix domain. */
export function parseDomain(tokens: readonly unknown[]): DomainNode {
  let position = 0;
  const next = (): DomainNode => {
    const token = tokens[position++];
    if (token === '!') return { kind: 'not', child: next() };
    if (token === '&' || token === '|') {
      const left = next();
      return { kind: token === '&' ? 'and' : 'or', left, right: next() };
    }
    return { kind: 'term', term: token };
  };
  return next();
}

/** The nodes a tree ANDs together at its top. */
export function conjuncts(node: DomainNode): DomainNode[] {
  return node.kind === 'and' ? [...conjuncts(node.left), ...conjuncts(node.right)] : [node];
}

/** A term as [field, operator, value], or null when it is not a three-item list. */
export function termParts(node: DomainNode): readonly [unknown, unknown, unknown] | null {
  if (node.kind !== 'term' || !Array.isArray(node.term) || node.term.length !== 3) return null;
  const [left, operator, right] = node.term as unknown[];
  return [left, operator, right];
}
