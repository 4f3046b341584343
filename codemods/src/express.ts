/** What molt knows of Express, for the units (then-chain-to-await's handlers) and the TypeScript stage (express-types). */

/** The methods of an Express app or router that take handlers (`del`: Express 3's name for delete). */
export const EXPRESS_METHODS: ReadonlySet<string> = new Set(['all', 'use', 'get', 'post', 'put', 'patch', 'delete', 'del', 'head', 'options']);
