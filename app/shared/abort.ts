/**
 * Leaves a transaction with an answer: thrown inside `db.transaction().execute(…)` so that everything
 * written so far is rolled back, and caught around it to return `result` to the caller
 * (`if (error instanceof Abort) return error.result`). One class for every module's use cases.
 */
export class Abort<R> extends Error {
  constructor(readonly result: R) {
    super("aborted");
  }
}
