import { Select, TreeSelect, type SelectProps } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCategories, usePeople } from '../../api/matters';
import { unitTree, useUnits, type UnitNode } from '../../api/org';

type TreeNode = { value: number; title: string; children?: TreeNode[] };
const toTree = (nodes: UnitNode[]): TreeNode[] =>
  nodes.filter((n) => n.kind !== 'division').map((n) => ({ value: n.id, title: n.name, children: n.children?.length ? toTree(n.children) : undefined }));

type Common = { placeholder?: string; allowClear?: boolean; style?: React.CSSProperties; disabled?: boolean; id?: string; 'data-testid'?: string };

/** A unit (not a division), searchable by name. */
export function UnitSelect(props: Common & { value?: number | null; onChange?: (v: number | undefined) => void }) {
  const { t } = useTranslation();
  const { data: units = [] } = useUnits();
  const tree = useMemo(() => toTree(unitTree(units.filter((u) => u.active))), [units]);
  return <TreeSelect showSearch treeNodeFilterProp="title" treeData={tree} placeholder={t('matters.pick.unit')} {...props} value={props.value ?? undefined} />;
}

/** Several units (co-units), searchable. */
export function UnitsSelect(props: Common & { value?: number[]; onChange?: (v: number[]) => void }) {
  const { t } = useTranslation();
  const { data: units = [] } = useUnits();
  const options = useMemo(() => units.filter((u) => u.kind !== 'division' && u.active).map((u) => ({ value: u.id, label: u.name })), [units]);
  return <Select mode="multiple" showSearch optionFilterProp="label" options={options} placeholder={t('matters.pick.unit')} {...props} />;
}

/**
 * People, optionally only of some units (承办人 of the chosen units); without units, a name search
 * over the whole tenant (牵头领导).
 */
export function PersonSelect(
  props: Common & {
    unitIds?: number[];
    multiple?: boolean;
    value?: number | number[] | null;
    // Method syntax on purpose: single and multiple pickers hand over different value types.
    onChange?(v: number | number[] | undefined): void;
    leadersFirst?: boolean;
  },
) {
  const { unitIds, multiple, leadersFirst, value, onChange, ...rest } = props;
  const { t } = useTranslation();
  const [q, setQ] = useState('');
  const byUnit = unitIds && unitIds.length > 0;
  // One request per unit is cheap (a unit has tens of people); a tenant-wide list needs a name.
  const first = usePeople({ unitId: byUnit ? unitIds[0] : undefined, q: byUnit ? undefined : q || undefined }, !byUnit || unitIds.length > 0);
  const second = usePeople({ unitId: unitIds?.[1] }, !!unitIds && unitIds.length > 1);
  const third = usePeople({ unitId: unitIds?.[2] }, !!unitIds && unitIds.length > 2);
  const people = [...(first.data ?? []), ...(second.data ?? []), ...(third.data ?? [])];
  const options: SelectProps['options'] = people
    .filter((p, i, all) => all.findIndex((x) => x.id === p.id) === i)
    .sort((a, b) => (leadersFirst ? b.leaderOfUnitIds.length - a.leaderOfUnitIds.length : 0))
    .map((p) => ({ value: p.id, label: `${p.name}${p.title ? ` · ${p.title}` : ''}${p.unitName && !byUnit ? `（${p.unitName}）` : ''}` }));
  return (
    <Select<number | number[]>
      mode={multiple ? 'multiple' : undefined}
      showSearch
      optionFilterProp="label"
      onSearch={byUnit ? undefined : setQ}
      filterOption={byUnit ? undefined : false}
      loading={first.isFetching}
      options={options}
      placeholder={byUnit ? t('matters.pick.person') : t('matters.pick.searchName')}
      notFoundContent={byUnit || q ? undefined : t('matters.pick.searchName')}
      {...rest}
      value={value ?? undefined}
      onChange={(v) => onChange?.(v)}
    />
  );
}

/** A category from the tenant's dictionary. */
export function CategorySelect(props: Common & { value?: number | null; onChange?: (v: number | undefined) => void }) {
  const { t } = useTranslation();
  const { data = [] } = useCategories();
  return <Select options={data.filter((c) => c.active).map((c) => ({ value: c.id, label: c.name }))} placeholder={t('matters.pick.category')} {...props} value={props.value ?? undefined} />;
}
