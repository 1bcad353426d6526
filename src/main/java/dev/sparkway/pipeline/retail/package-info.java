/**
 * The {@code retail-sales} pipeline: daily and monthly sales per store.
 */
package dev.sparkway.pipeline.retail;
