/** A query the emulator will not run, with the reason in Timestream's words (a ValidationException). */
export class TranslationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TranslationError';
  }
}
