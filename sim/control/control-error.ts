/** A request the simulator refuses; `field` is the request field at fault, and the message says why. */
export class ControlError extends RangeError {
  constructor(readonly field: string, detail: string) {
    super(`${field}: ${detail}`);
    this.name = 'ControlError';
  }
}
