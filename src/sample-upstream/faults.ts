// The fault book: rules tests register to make the sample upstream misbehave. Rules are checked
// in order and the first live one matching a request applies, consuming one of its `times`.
import type { Fault, FaultRule } from './types.ts';

interface LiveRule {
  fault: Fault;
  remaining: number;
  probability: number;
  match: string | undefined;
}

function checkFault(fault: Fault): void {
  switch (fault.type) {
    case 'status':
      if (!Number.isInteger(fault.status) || fault.status < 200 || fault.status > 599) {
        throw new RangeError('status fault needs an HTTP status in 200..599');
      }
      return;
    case 'slow':
      if (!Number.isFinite(fault.delayMs) || fault.delayMs < 0) {
        throw new RangeError('slow fault needs a non-negative delayMs');
      }
      return;
    case 'huge-body':
      if (fault.bytes !== undefined && (!Number.isSafeInteger(fault.bytes) || fault.bytes < 1)) {
        throw new RangeError('huge-body fault needs a positive whole number of bytes');
      }
      return;
    case 'hang':
    case 'reset':
    case 'malformed-json':
    case 'wrong-content-type':
    case 'drift':
      return;
    default:
      throw new TypeError(`unknown fault type: ${(fault as { type: unknown }).type}`);
  }
}

export class FaultBook {
  #rules: LiveRule[] = [];

  add(rule: FaultRule): void {
    checkFault(rule.fault);
    const { times, probability = 1 } = rule;
    if (times !== undefined && (!Number.isInteger(times) || times < 1)) {
      throw new RangeError('times must be a positive integer');
    }
    if (!(probability >= 0 && probability <= 1)) {
      throw new RangeError('probability must be within 0..1');
    }
    this.#rules.push({
      fault: rule.fault,
      remaining: times ?? Infinity,
      probability,
      match: rule.match,
    });
  }

  clear(): void {
    this.#rules = [];
  }

  /** The fault for a request on `identifier` (decoded), if any rule applies to it. */
  take(identifier: string): Fault | undefined {
    for (const rule of this.#rules) {
      if (rule.match !== undefined && rule.match !== identifier) continue;
      if (rule.probability < 1 && Math.random() >= rule.probability) continue;
      rule.remaining -= 1;
      if (rule.remaining <= 0) this.#rules = this.#rules.filter((r) => r !== rule);
      return rule.fault;
    }
    return undefined;
  }
}
