import type { TraceNames } from '@duban/shared';
import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldLabelOf } from '../../i18n/fieldLabels';
import { formatTraceValue, HIDDEN_TRACE_FIELDS } from './traceFormat';

/** The fields a change touched: before → after (or the new values when created), with names and labels, not ids and codes. */
export function TraceDiff({ before, after, entityType = '', names }: { before: Record<string, unknown> | null; after: Record<string, unknown> | null; entityType?: string; names?: TraceNames }) {
  const { t } = useTranslation();
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]) && !HIDDEN_TRACE_FIELDS.has(k),
  );
  if (!keys.length) return null;
  const label = (k: string) => (k === 'parentId' && entityType === 'matter' ? t('trace.parentMatter') : fieldLabelOf(k));
  const show = (k: string, v: unknown) => formatTraceValue(entityType, k, v, names);
  return (
    <ul style={{ margin: '4px 0 0', paddingInlineStart: 18, fontSize: 13 }} data-testid="trace-diff">
      {keys.slice(0, 16).map((k) => (
        <li key={k}>
          <Typography.Text type="secondary">
            {label(k)}
            {t('trace.fieldSep')}
          </Typography.Text>
          {before && k in before && (
            <>
              <Typography.Text delete type="secondary">
                {show(k, before[k])}
              </Typography.Text>
              {' → '}
            </>
          )}
          <Typography.Text>{after && k in after ? show(k, after[k]) : t('trace.removed')}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}
