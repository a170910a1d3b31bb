import { VulnDbError } from '../errors.ts';
import { bad, MAX_VECTOR_LENGTH } from './metrics.ts';
import { severityOf, severityOfV2, type CvssSeverity } from './severity.ts';
import { scoreV2 } from './v2.ts';
import { scoreV3 } from './v3.ts';
import { scoreV4, type CvssV4Nomenclature } from './v4.ts';

export type CvssVersion = '2.0' | '3.0' | '3.1' | '4.0';

export interface CvssScore {
  readonly version: CvssVersion;
  readonly vector: string;
  /** Base score for 2.0 and 3.x; for 4.0 the score of the metrics the vector sets (see nomenclature). */
  readonly score: number;
  readonly severity: CvssSeverity;
  readonly nomenclature?: CvssV4Nomenclature;
}

/**
 * Parses and scores a CVSS vector of any version, telling versions apart by prefix
 * (`CVSS:4.0/`, `CVSS:3.1/`, `CVSS:3.0/`, none for 2.0). Throws VulnDbError `CVSS_INVALID`
 * for anything the version's specification does not allow.
 *
 * @example
 *   scoreCvss('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H') // { version: '3.1', score: 9.8, severity: 'CRITICAL', … }
 */
export function scoreCvss(vector: string): CvssScore {
  if (typeof vector !== 'string')
    throw new VulnDbError('CVSS_INVALID', 'CVSS vector must be a string');
  if (vector.length === 0 || vector.length > MAX_VECTOR_LENGTH)
    throw bad('CVSS', 'empty or too long');
  if (vector.startsWith('CVSS:4.0/')) {
    const { score, nomenclature } = scoreV4(vector);
    return { version: '4.0', vector, score, severity: severityOf(score), nomenclature };
  }
  if (vector.startsWith('CVSS:3.')) {
    const { version, score } = scoreV3(vector);
    return { version, vector, score, severity: severityOf(score) };
  }
  if (vector.startsWith('CVSS:'))
    throw bad('CVSS', `unsupported version ${JSON.stringify(vector.slice(0, 9))}`);
  // v2 vectors carry no prefix (v2 guide §2.4; OSV's CVSS_V2 pattern); NVD's parenthesised form is rejected.
  const score = scoreV2(vector);
  return { version: '2.0', vector, score, severity: severityOfV2(score) };
}
