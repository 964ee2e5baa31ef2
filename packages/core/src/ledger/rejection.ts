import * as E from 'fp-ts/Either';
import type { RuleId } from '../state/rules';

/**
 * Why a valid event could not be applied (R-L3): the rule it breaks and a
 * sentence for the person reading the report. The state is left as it was.
 *
 * @since 0.1.0
 */
export interface Rejection {
  readonly eventId: string;
  readonly rule: RuleId;
  readonly message: string;
}

export const reject = (eventId: string, rule: RuleId, message: string): E.Either<Rejection, never> =>
  E.left({ eventId, rule, message });
