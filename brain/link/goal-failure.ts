// roslib 2.x hands every non-success action result to `failedCallback` as one string built from a
// GoalError: "GoalError: Action was aborted: {json result}" for a finished goal (result:true with
// status 5 or 6), "GoalError: Action status unknown: Action goal was rejected" for a rejection
// (result:false, status 0, error text in `values`). This turns that string back into parts.

export interface GoalFailure {
  status: 'canceled' | 'aborted' | 'rejected';
  /** The action result the server sent, when it sent one as JSON. */
  result: unknown;
  message: string;
}

const PREFIXES: ReadonlyArray<[string, GoalFailure['status']]> = [
  ['Action was canceled', 'canceled'],
  ['Action was aborted', 'aborted'],
];

export function parseGoalFailure(text: string): GoalFailure {
  const body = text.replace(/^GoalError: /, '');
  for (const [prefix, status] of PREFIXES) {
    if (body.startsWith(prefix)) {
      const rest = body.slice(prefix.length).replace(/^: /, '');
      const result = parseJson(rest);
      return { status, result, message: messageOf(result) ?? rest };
    }
  }
  // Anything else (status 0 with result:false, an unknown server, a status roslib does not name)
  // means the goal never ran: the server's text is the most useful thing to show.
  const rest = body.replace(/^Action (status unknown|failed with status \d+|is canceling): ?/, '');
  return { status: 'rejected', result: null, message: rest.replace(/^"(.*)"$/s, '$1') || body };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

function messageOf(result: unknown): string | null {
  if (result && typeof result === 'object') {
    const r = result as Record<string, unknown>;
    for (const key of ['message', 'error_msg']) if (typeof r[key] === 'string' && r[key]) return r[key];
  }
  return null;
}
