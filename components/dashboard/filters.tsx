/** The dashboard lists' filter controls. */
import { t } from '@/lib/i18n';

export function SearchBox({ value, onInput }: { value: string; onInput: (v: string) => void }) {
  return (
    <input
      type="search"
      placeholder={t('dash_search')}
      value={value}
      onInput={(e) => onInput(e.currentTarget.value)}
      aria-label={t('dash_search')}
    />
  );
}

/** A select over the values present, with an "all" choice first (value ''). */
export function SelectFilter({
  label,
  all,
  values,
  value,
  onChange,
}: {
  label: string;
  all: string;
  values: string[];
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <select value={value} onChange={(e) => onChange(e.currentTarget.value)} aria-label={label}>
      <option value="">{all}</option>
      {values.map((v) => (
        <option key={v} value={v}>
          {v}
        </option>
      ))}
    </select>
  );
}
