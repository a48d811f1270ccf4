import type { ReportDetail, ReportSections } from '@duban/shared';
import { Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

const ORDINALS = ['一', '二', '三', '四', '五', '六'];

/**
 * A filed or read-only issue as the document the leaders read (the sections under numbered headings,
 * as in the .docx), not as a disabled form.
 */
export function ReportDocument({ report }: { report: ReportDetail }) {
  const { t } = useTranslation();
  const s = report.sections;
  const parts: { key: keyof ReportSections; text: string }[] = [
    { key: 'summary', text: s.summary },
    { key: 'praise', text: s.praise || t('reports.none') },
    { key: 'criticism', text: s.criticism || t('reports.none') },
    ...(s.nextSteps.trim() ? [{ key: 'nextSteps' as const, text: s.nextSteps }] : []),
  ];
  return (
    <Card size="small" data-testid="report-document">
      <article style={{ maxWidth: 760, margin: '8px auto', fontSize: 16, lineHeight: 1.9 }}>
        <Typography.Title level={3} style={{ textAlign: 'center', marginBottom: 24 }}>
          {report.title}
        </Typography.Title>
        {parts.map((p, i) => (
          <section key={p.key}>
            <Typography.Title level={5} style={{ marginTop: 16 }}>
              {t('reports.sectionHeading', { cn: ORDINALS[i] ?? String(i + 1), n: i + 1, title: t(`reports.${p.key}`) })}
            </Typography.Title>
            {p.text
              .split(/\n+/)
              .map((line) => line.trim())
              .filter(Boolean)
              .map((line, k) => (
                <Typography.Paragraph key={k} style={{ textIndent: '2em', marginBottom: 8 }}>
                  {line}
                </Typography.Paragraph>
              ))}
          </section>
        ))}
      </article>
    </Card>
  );
}
