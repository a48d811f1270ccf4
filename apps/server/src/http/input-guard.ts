import type { FastifyInstance } from 'fastify';
import { AppError } from '../errors';
import { hasLoneSurrogate } from '../lib/crypto';

/**
 * Refuses a request whose JSON body, query or path holds a lone surrogate ("\ud800": valid JSON, not text).
 * No column can store it faithfully (PostgreSQL's UTF-8 turns it into U+FFFD, jsonb refuses it), so it is a
 * 400 before any schema or service sees it, on every route at once.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    if (holdsLoneSurrogate(request.body) || holdsLoneSurrogate(request.query) || holdsLoneSurrogate(request.params)) {
      throw new AppError('invalid_value');
    }
  });
}

// Iterative: a deeply nested body must not cost a deep stack.
function holdsLoneSurrogate(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (hasLoneSurrogate(value)) return true;
    } else if (Array.isArray(value)) {
      for (const v of value) stack.push(v);
    } else if (value !== null && typeof value === 'object' && !Buffer.isBuffer(value)) {
      for (const [k, v] of Object.entries(value)) stack.push(k, v);
    }
  }
  return false;
}
