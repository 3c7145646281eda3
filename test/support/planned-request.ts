// What an open-loop run sends and how its answers are judged: a planned request classifies the
// answer it gets (correct, partial, error, wrong).

export type Outcome = 'correct' | 'partial' | 'error' | 'wrong';

export interface Planned {
  body: string;
  /** Classifies the parsed answer (HTTP status and JSON body). */
  classify(status: number, body: GraphQLBody): Outcome;
}

export interface GraphQLBody {
  data?: Record<string, unknown> | null;
  errors?: Array<{ path?: Array<string | number>; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, unknown>;
}
