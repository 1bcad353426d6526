/**
 * What streaming jobs share: their configuration ({@code sparkway.streaming.*}), the live figures of a running
 * query and the listener that keeps them.
 */
package dev.sparkway.streaming;
