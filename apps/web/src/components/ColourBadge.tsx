import { COLOUR_LABELS, type WarningColour } from '@duban/shared';
import { Tag, Tooltip } from 'antd';

/** The hex of each warning colour, readable on white. */
export const COLOUR_HEX: Record<WarningColour, string> = { green: '#2e9d5b', yellow: '#d8a100', blue: '#2f6fd6', red: '#d0312d' };

/** 四色预警 badge; hovering lists why the matter has its colour. */
export function ColourBadge({ colour, reasons = [], withMeaning = false }: { colour: WarningColour | null; reasons?: { text: string }[]; withMeaning?: boolean }) {
  if (!colour) return <Tag>无预警</Tag>;
  const l = COLOUR_LABELS[colour];
  const tag = (
    <Tag color={COLOUR_HEX[colour]} style={{ marginInlineEnd: 0 }} data-colour={colour}>
      {l.label}
      {withMeaning ? ` · ${l.meaning}` : ''}
    </Tag>
  );
  if (!reasons.length) return tag;
  return (
    <Tooltip
      title={
        <ul style={{ margin: 0, paddingInlineStart: 16 }}>
          {reasons.map((r) => (
            <li key={r.text}>{r.text}</li>
          ))}
        </ul>
      }
    >
      {tag}
    </Tooltip>
  );
}
