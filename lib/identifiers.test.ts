import { describe, expect, it } from 'vitest';
import { checkCitizenId, citizenIdCheckChar, identifierProblems } from './identifiers';

describe('GB 11643 check character', () => {
  it('matches the examples printed in the standard', () => {
    expect(citizenIdCheckChar('11010519491231002')).toBe('X');
    expect(citizenIdCheckChar('44052418800101001')).toBe('4');
  });

  it('reads birth date and sex, and names a wrong check digit', () => {
    expect(checkCitizenId('11010519491231002X')).toEqual({
      problems: [],
      facts: { birthDate: '1949-12-31', sex: '女' },
    });
    expect(checkCitizenId('110105194912310021').problems).toEqual(['id-checksum']);
    expect(checkCitizenId('1101051949123100').problems).toEqual(['id-format']);
    expect(checkCitizenId('110105194902300020').problems).toContain('id-birthdate');
  });
});

describe('identifierProblems', () => {
  const good = {
    xjh: 'G11010519491231002X',
    idType: '1',
    idNumber: '11010519491231002X',
    sex: '女',
    birthDate: '1949-12-31',
  };

  it('accepts a consistent student', () => {
    expect(identifierProblems(good)).toEqual([]);
  });

  it('flags sex and birth date that disagree with the ID number', () => {
    expect(identifierProblems({ ...good, sex: '男' })).toEqual(['id-sex-mismatch']);
    expect(identifierProblems({ ...good, birthDate: '1950-01-01' })).toEqual(['id-birth-mismatch']);
  });

  it('flags a 学籍号 that is not G/L/J + 18', () => {
    expect(identifierProblems({ ...good, xjh: 'X11010519491231002X' })).toEqual(['xjh-format']);
    expect(identifierProblems({ ...good, xjh: 'G1101051949123100' })).toEqual(['xjh-format']);
  });

  it('does not check passports or other opaque document numbers', () => {
    expect(identifierProblems({ ...good, idType: 'A', idNumber: 'E12345678' })).toEqual([]);
  });
});
