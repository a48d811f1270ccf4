import { Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fieldLabelOf } from '../../i18n/fieldLabels';

const show = (v: unknown, empty: string): string => (v === null || v === undefined || v === '' ? empty : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The fields a change touched: before → after (or the new values when created). */
export function TraceDiff({ before, after }: { before: Record<string, unknown> | null; after: Record<string, unknown> | null }) {
  const { t } = useTranslation();
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])].filter(
    (k) => JSON.stringify(before?.[k]) !== JSON.stringify(after?.[k]) && k !== 'version',
  );
  if (!keys.length) return null;
  return (
    <ul style={{ margin: '4px 0 0', paddingInlineStart: 18, fontSize: 13 }}>
      {keys.slice(0, 12).map((k) => (
        <li key={k}>
          <Typography.Text type="secondary">{fieldLabelOf(k)}{t('trace.fieldSep')}</Typography.Text>
          {before && k in before && (
            <>
              <Typography.Text delete type="secondary">
                {show(before[k], t('trace.empty'))}
              </Typography.Text>
              {' → '}
            </>
          )}
          <Typography.Text>{after && k in after ? show(after[k], t('trace.empty')) : t('trace.removed')}</Typography.Text>
        </li>
      ))}
    </ul>
  );
}
