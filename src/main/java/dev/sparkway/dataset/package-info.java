/**
 * Input data: where it lives, how caller-given paths are checked, the one CSV reading rule every pipeline shares,
 * uploads, and the deterministic demo data.
 */
package dev.sparkway.dataset;
