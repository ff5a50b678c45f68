/** Code version recorded in each article's trace. */
export const ENTITY_VERSION = '0.1.0';
