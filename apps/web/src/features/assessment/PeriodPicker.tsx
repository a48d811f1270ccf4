import { Select } from 'antd';
import { useEffect } from 'react';
import { useSearchParams } from 'react-router';
import { usePeriods } from '../../api/assessment';

/** The period in the URL (?period=2026Q4), defaulting to the latest computed quarter. */
export function usePeriodParam(): [string | undefined, (p: string) => void] {
  const [params, setParams] = useSearchParams();
  const periods = usePeriods();
  const period = params.get('period') ?? undefined;
  const fallback = periods.data?.find((p) => p.code.includes('Q'))?.code ?? periods.data?.[0]?.code;
  useEffect(() => {
    if (!period && fallback) setParams((prev) => ({ ...Object.fromEntries(prev), period: fallback }), { replace: true });
  }, [period, fallback, setParams]);
  return [period ?? fallback, (p) => setParams((prev) => ({ ...Object.fromEntries(prev), period: p }))];
}

export function PeriodPicker({ value, onChange }: { value: string | undefined; onChange: (p: string) => void }) {
  const periods = usePeriods();
  return <Select style={{ width: 140 }} value={value} onChange={onChange} data-testid="period-picker" options={(periods.data ?? []).map((p) => ({ value: p.code, label: p.code }))} />;
}
