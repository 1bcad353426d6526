/**
 * API-wide concerns: the one exception handler that turns errors into RFC 9457 problem details, and the OpenAPI
 * description.
 */
package dev.sparkway.web;
