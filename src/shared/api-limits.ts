// Limits of the API that a client needs without the API's schemas (and so without zod): the CLI
// pages through a list with them while a holder answers, and should not load zod for that.

/** The most rows one `fields.page` call returns: a list asks for the window it shows, never the vault. */
export const MAX_PAGE_LIMIT = 500
