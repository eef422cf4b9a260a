/** A line failed: the playground could not do what it says (not a bot reply the member did not like). */
export class PlaygroundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaygroundError';
  }
}
