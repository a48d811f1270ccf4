import { COLOUR_LABELS, type WarningColour } from '@duban/shared';
import { Space, Tag, Tooltip, Typography } from 'antd';

/** Ant Design tag colours for the four warning colours (yellow reads better as gold). */
export const COLOUR_TAG: Record<WarningColour, string> = { green: 'green', yellow: 'gold', blue: 'blue', red: 'red' };

/** A reason as the API gives it (`colour_reasons`): the text is what people read. */
export type BadgeReason = { text: string; colour?: WarningColour; code?: string };

/**
 * A matter's warning colour (四色预警) with why: the reasons in a tooltip, or inline beside the tag
 * (`inline`). `provisional` marks results that rest on a year whose holiday notice is not entered.
 */
export function ColourBadge({
  colour,
  reasons = [],
  provisional = false,
  inline = false,
}: {
  colour: WarningColour | null;
  reasons?: readonly BadgeReason[];
  provisional?: boolean;
  inline?: boolean;
}) {
  if (!colour) return <Typography.Text type="secondary">—</Typography.Text>;
  const { label, meaning } = COLOUR_LABELS[colour];
  const why = reasons.map((r) => r.text);
  const tip = (
    <div data-testid="colour-reasons">
      <div>
        {label} · {meaning}
      </div>
      {why.map((w) => (
        <div key={w}>· {w}</div>
      ))}
      {provisional && <div>（暂定：涉及尚未录入节假日安排的年份）</div>}
    </div>
  );
  const tag = (
    <Tag color={COLOUR_TAG[colour]} data-colour={colour} style={{ marginInlineEnd: 0 }}>
      {label}
      {provisional ? '（暂定）' : ''}
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
  return <Tooltip title={tip}>{tag}</Tooltip>;
}
