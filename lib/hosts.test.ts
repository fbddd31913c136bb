import { describe, expect, it } from 'vitest';
import { hostToMatchPattern } from './hosts';

describe('hostToMatchPattern', () => {
  it('turns what a registrar types into a match pattern', () => {
    expect(hostToMatchPattern('xj.example.gov.cn')).toBe('https://xj.example.gov.cn/*');
    expect(hostToMatchPattern(' http://XJ.Example.gov.cn:8080/jsp/public/login.jsp ')).toBe(
      'http://xj.example.gov.cn/*',
    );
  });
  it('refuses what is not a host', () => {
    for (const bad of ['', 'not a host', 'ftp://x.cn', 'localhost', 'javascript:alert(1)'])
      expect(hostToMatchPattern(bad)).toBeNull();
  });
});
