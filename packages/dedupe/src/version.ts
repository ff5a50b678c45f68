/** Code version recorded in each article's trace. */
export const VERSION = '0.1.0';
