// Errors of the ward records, each naming the field it is about as the caller spelled it, so an
// HTTP route can answer 400 (validation), 404 (not found) or 409 (conflict) with the field.

/** A value the ward records refuse: bad format, unknown bed, duplicate id, ... */
export class WardValidationError extends Error {
  override readonly name = 'WardValidationError';
  constructor(readonly field: string, problem: string) {
    super(field ? `${field}: ${problem}` : problem);
  }
}

export class WardNotFoundError extends Error {
  override readonly name = 'WardNotFoundError';
  constructor(readonly kind: 'patient' | 'order', readonly id: string) {
    super(`${kind} "${id}" does not exist`);
  }
}

/** The records are not in the state the caller expected (the order was already completed, the bed is taken). */
export class WardConflictError extends Error {
  override readonly name = 'WardConflictError';
  constructor(readonly field: string, problem: string) {
    super(`${field}: ${problem}`);
  }
}
