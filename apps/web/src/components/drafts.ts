/**
 * Drafts of forms kept in this browser (localStorage), one per form and account, so a half-typed form survives an
 * accidental close, a reload or an expired session. Signing out removes them all: the next person at a shared
 * desk sees none. A browser that refuses storage (private mode, full) just keeps no draft.
 */
const PREFIX = 'duban.draft.';

/** The storage key of a form's draft for an account. */
export const draftKey = (form: string, accountId: number | null | undefined) => `${PREFIX}${form}.${accountId ?? 'anon'}`;

/** The stored draft text, or null. */
export function readDraft(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

/** Stores a draft (JSON). */
export function writeDraft(key: string, value: unknown): void {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    // No room or no storage: the confirmation on close still guards the input.
  }
}

/** Forgets one draft (after a successful submit, or when the person clears it). */
export function dropDraft(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing stored
  }
}

/** Forgets every draft in this browser (on sign-out). */
export function dropAllDrafts(): void {
  try {
    for (const k of Object.keys(localStorage)) if (k.startsWith(PREFIX)) localStorage.removeItem(k);
  } catch {
    // nothing stored
  }
}
