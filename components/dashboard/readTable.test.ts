import { describe, expect, it } from 'vitest';
import { english, zh } from '@/lib/coded.testing';
import { CodedError } from '@/lib/say';
import { readTable } from './readTable';

const refusal = async (file: File) => {
  const e = await readTable(file).catch((x: unknown) => x);
  expect(e).toBeInstanceOf(CodedError);
  return (e as CodedError).text;
};

describe('reading a teacher’s table file', () => {
  it('reads a CSV by its headers', async () => {
    const rows = await readTable(new File(['姓名,日期\n甲,2026-11-19\n'], 'a.csv'));
    expect(rows).toEqual([{ 姓名: '甲', 日期: '2026-11-19' }]);
  });

  it('refuses a file it cannot read in the reader’s language, never in papaparse’s English', async () => {
    const other = await refusal(new File(['x'], 'a.txt'));
    expect(zh(other)).toBe('只支持 .csv 和 .xlsx 文件');
    expect(english(other)).toBe('Only .csv and .xlsx files can be read');
    const broken = await refusal(new File(['姓名,日期\n甲,2026-11-19,多一列\n'], 'a.csv'));
    expect(zh(broken)).toBe('CSV 第 2 行无法读取：列数与表头不符');
    expect(english(broken)).toBe('CSV row 2 cannot be read: the number of columns differs from the header');
  });
});
