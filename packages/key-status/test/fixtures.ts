/**
 * Key events built by hand (what log lines decode to), replayed through core's
 * public API: the same builders core's key tests use, so the two suites cannot
 * drift apart.
 */
export {
  activated,
  at,
  key,
  plusDays,
  plusMs,
  registered,
  renewal,
  reserveAdded,
  stateAt,
  stateOf,
  T0,
} from '../../core/test/keys/key-fixtures';
