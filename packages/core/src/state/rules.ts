/**
 * The product rules the ledger applies, as cited in rejections, histories and
 * explanations (docs/rules.md).
 *
 * @since 0.1.0
 */
export type RuleId =
  | 'R-T1'
  | 'R-T2'
  | 'R-T3'
  | 'R-T4'
  | 'R-T5'
  | 'R-P1'
  | 'R-P2'
  | 'R-P3'
  | 'R-I1'
  | 'R-I2'
  | 'R-I3'
  | 'R-I4'
  | 'R-I5'
  | 'R-U1'
  | 'R-U2'
  | 'R-U3'
  | 'R-X1'
  | 'R-X2'
  | 'R-X3'
  | 'R-X4'
  | 'R-D1'
  | 'R-D2'
  | 'R-D3'
  | 'R-D4'
  | 'R-D5'
  | 'R-O1'
  | 'R-O2'
  | 'R-K1'
  | 'R-K2'
  | 'R-K3'
  | 'R-K4'
  | 'R-K5'
  | 'R-L2'
  | 'R-L3'
  | 'R-L5';
