import type { FormInstance } from 'antd';
import i18n from 'i18next';
import { ApiError } from '../api/client';

/**
 * Puts the server's field problems onto the form's fields (so each shows under its input) and
 * returns the message for anything that belongs to no field.
 */
export function applyServerErrors(form: FormInstance, err: unknown): string {
  if (!(err instanceof ApiError)) return err instanceof Error ? err.message : String(err);
  const fields = new Set(Object.keys(form.getFieldsValue(true)));
  const byField = new Map<string, string[]>();
  const rest: string[] = [];
  for (const issue of err.fieldIssues) {
    const top = issue.field.split('.')[0] ?? '';
    if (top && fields.has(top)) byField.set(top, [...(byField.get(top) ?? []), issue.message]);
    else rest.push(issue.message);
  }
  form.setFields([...byField].map(([name, errors]) => ({ name, errors })));
  return byField.size && !rest.length ? i18n.t('common.fixFields') : err.message;
}
