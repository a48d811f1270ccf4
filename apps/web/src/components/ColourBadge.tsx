import type { WarningColour } from '@duban/shared';
import { Space, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { labelOf } from '../i18n/enumLabels';

/** The hex of each warning colour, readable on white. */
export const COLOUR_HEX: Record<WarningColour, string> = { green: '#2e9d5b', yellow: '#d8a100', blue: '#2f6fd6', red: '#d0312d' };

/** A reason as the API gives it (`colour_reasons`): the text is what people read. */
export type BadgeReason = { text: string; colour?: WarningColour; code?: string };

/**
 * 四色预警 badge with why: the reasons in a tooltip, or inline beside the tag (`inline`).
 * `provisional` marks results resting on a year whose holiday notice is not entered (暂定);
 * `withMeaning` adds the colour's meaning to the tag (红色 · 逾期未办).
 */
export function ColourBadge({
  colour,
  reasons = [],
  provisional = false,
  inline = false,
  withMeaning = false,
}: {
  colour: WarningColour | null;
  reasons?: readonly BadgeReason[];
  provisional?: boolean;
  inline?: boolean;
  withMeaning?: boolean;
}) {
  const { t } = useTranslation();
  if (!colour) return <Tag>{t('colourBadge.none')}</Tag>;
  const label = labelOf('colour', colour);
  const meaning = labelOf('colourMeaning', colour);
  const why = reasons.map((r) => r.text);
  const tag = (
    <Tag color={COLOUR_HEX[colour]} data-colour={colour} data-provisional={provisional || undefined} style={{ marginInlineEnd: 0 }}>
      {label}
      {withMeaning ? ` · ${meaning}` : ''}
      {provisional ? t('colourBadge.provisional') : ''}
    </Tag>
  );
  if (inline) {
    return (
      <Space size={6} align="start" wrap>
        {tag}
        <Typography.Text type={colour === 'green' ? 'secondary' : undefined}>{why.length ? why.join('；') : meaning}</Typography.Text>
      </Space>
    );
  }
  if (!why.length && !provisional) return tag;
  return (
    <Tooltip
      title={
        <ul style={{ margin: 0, paddingInlineStart: 16 }} data-testid="colour-reasons">
          {why.map((w) => (
            <li key={w}>{w}</li>
          ))}
          {provisional && <li>{t('colourBadge.provisionalWhy')}</li>}
        </ul>
      }
    >
      {tag}
    </Tooltip>
  );
}
